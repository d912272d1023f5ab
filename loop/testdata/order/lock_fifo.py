# Order pinned: tasks waiting for a Lock get it first in, first out; a holder
# that releases and at once asks again goes behind the tasks already waiting.
import asyncio


async def main():
    lock = asyncio.Lock()

    async def worker(name):
        for r in range(2):
            print(f"{name} acquiring round {r}")
            await lock.acquire()
            try:
                print(f"{name} holds the lock round {r}")
                await asyncio.sleep(0.01)
            finally:
                print(f"{name} releases round {r}")
                lock.release()

    await lock.acquire()
    print(f"main holds the lock, locked={lock.locked()}")
    ts = [asyncio.create_task(worker(n)) for n in ("a", "b", "c")]
    await asyncio.sleep(0)
    print("main releases")
    lock.release()
    await asyncio.gather(*ts)
    print(f"end locked={lock.locked()}")
    async with lock:
        print(f"async with: locked={lock.locked()}")
    print(f"after async with: locked={lock.locked()}")


asyncio.run(main())
