# Order pinned: a putter cancelled while the queue is full puts nothing; the
# room a get makes goes to the next putter.
import asyncio


async def main():
    q = asyncio.Queue(1)
    q.put_nowait("x")

    async def putter(name):
        try:
            await q.put(name)
            print(f"{name} put")
        except asyncio.CancelledError:
            print(f"{name} cancelled")
            raise

    a = asyncio.create_task(putter("a"))
    b = asyncio.create_task(putter("b"))
    await asyncio.sleep(0)
    print(f"got {q.get_nowait()}")  # wakes a
    a.cancel()
    await asyncio.gather(a, b, return_exceptions=True)
    items = []
    while not q.empty():
        items.append(q.get_nowait())
    print(f"items {items}")


asyncio.run(main())
