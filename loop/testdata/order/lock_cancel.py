# Order pinned: a task cancelled while it waits for a Lock does not get it;
# a waiter the lock is handed to and that is cancelled in the same step passes
# the lock on to the next waiter.
import asyncio


async def main():
    lock = asyncio.Lock()

    async def worker(name):
        print(f"{name} acquiring")
        try:
            await lock.acquire()
        except asyncio.CancelledError:
            print(f"{name} cancelled while waiting")
            raise
        print(f"{name} holds the lock")
        await asyncio.sleep(0.01)
        print(f"{name} releases")
        lock.release()
        return name

    await lock.acquire()
    a, b, c, d = (asyncio.create_task(worker(n)) for n in "abcd")
    await asyncio.sleep(0)
    print(f"cancel b -> {b.cancel()}")
    await asyncio.sleep(0)
    print("main releases and cancels a in the same step")
    lock.release()  # hands the lock to a
    print(f"cancel a -> {a.cancel()}")
    res = await asyncio.gather(a, b, c, d, return_exceptions=True)
    names = [type(r).__name__ if isinstance(r, BaseException) else r for r in res]
    print(f"gather -> {names}")
    print(f"end locked={lock.locked()}")


asyncio.run(main())
