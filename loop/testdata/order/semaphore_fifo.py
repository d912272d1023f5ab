# Order pinned: a Semaphore(2) shared by 5 tasks: two hold it at a time, the
# others get it first in, first out, each as one releases. (The sleeps end at
# least 10 ms apart, so the order does not hang on the clock.)
import asyncio


async def main():
    sem = asyncio.Semaphore(2)

    async def worker(name, d):
        print(f"{name} acquiring, locked={sem.locked()}")
        await sem.acquire()
        print(f"{name} acquired, value={sem._value}")
        await asyncio.sleep(d)
        sem.release()
        print(f"{name} released, value={sem._value}")

    await asyncio.gather(
        worker("t1", 0.06),
        worker("t2", 0.01),
        worker("t3", 0.02),
        worker("t4", 0.01),
        worker("t5", 0.03),
    )
    print(f"end value={sem._value} locked={sem.locked()}")


asyncio.run(main())
