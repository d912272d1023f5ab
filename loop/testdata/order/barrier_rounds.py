# Order pinned: a Barrier(3) lets its parties go when the third arrives: that
# one first, with index 2, then the others in the order they came; a second
# round works the same; abort and reset break the waiting tasks with
# BrokenBarrierError.
import asyncio


async def main():
    b = asyncio.Barrier(3)

    async def party(name, delay):
        for r in range(2):
            await asyncio.sleep(delay)
            print(f"{name} arrives round {r}, waiting={b.n_waiting}")
            i = await b.wait()
            print(f"{name} passes round {r} with index {i}")
        return name

    res = await asyncio.gather(party("a", 0.01), party("b", 0.03), party("c", 0.02))
    print(f"gather -> {res} waiting={b.n_waiting} broken={b.broken}")

    async def waiter(name):
        try:
            i = await b.wait()
            print(f"{name} passes with index {i}")
        except asyncio.BrokenBarrierError:
            print(f"{name} got BrokenBarrierError")

    print("-- reset")
    ts = [asyncio.create_task(waiter(n)) for n in ("r1", "r2")]
    await asyncio.sleep(0)
    print(f"waiting={b.n_waiting}")
    await b.reset()
    await asyncio.gather(*ts)
    print(f"after reset waiting={b.n_waiting} broken={b.broken}")
    await asyncio.gather(waiter("x1"), waiter("x2"), waiter("x3"))

    print("-- abort")
    ts = [asyncio.create_task(waiter(n)) for n in ("a1", "a2")]
    await asyncio.sleep(0)
    await b.abort()
    await asyncio.gather(*ts)
    print(f"after abort broken={b.broken}")
    await waiter("late")
    await b.reset()
    print(f"after reset broken={b.broken}")
    await asyncio.gather(waiter("y1"), waiter("y2"), waiter("y3"))


asyncio.run(main())
