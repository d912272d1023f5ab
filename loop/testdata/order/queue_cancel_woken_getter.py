# Order pinned: a getter woken by a put and cancelled in the same step loses
# the item to nobody: the wake-up passes to the next getter, which gets it.
import asyncio


async def main():
    q = asyncio.Queue()

    async def getter(name):
        try:
            v = await q.get()
            print(f"{name} got {v}")
        except asyncio.CancelledError:
            print(f"{name} cancelled")
            raise

    a = asyncio.create_task(getter("a"))
    b = asyncio.create_task(getter("b"))
    await asyncio.sleep(0)
    q.put_nowait(1)  # wakes a
    print(f"cancel a -> {a.cancel()}")  # in the same step: a never takes the item
    await asyncio.gather(a, b, return_exceptions=True)
    print(f"left {q.qsize()} a cancelled={a.cancelled()}")


asyncio.run(main())
