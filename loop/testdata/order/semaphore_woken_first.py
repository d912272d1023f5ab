# Order pinned: a task that asks a Semaphore for a permit while a waiter it
# woke has not run yet waits behind that waiter, even if another permit is
# free: the woken waiter goes on first, then wakes it.
import asyncio


async def main():
    sem = asyncio.Semaphore(2)
    await sem.acquire()
    await sem.acquire()

    async def worker(name):
        print(f"{name} acquiring, locked={sem.locked()}")
        await sem.acquire()
        print(f"{name} acquired")

    w = asyncio.create_task(worker("w"))
    await asyncio.sleep(0)
    n = asyncio.create_task(worker("n"))  # runs after this step, before w
    sem.release()  # hands a permit to w
    sem.release()  # no one else waits: the permit is free
    await asyncio.gather(w, n)
    print(f"end locked={sem.locked()}")


asyncio.run(main())
