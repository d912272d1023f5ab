# Order pinned: two tasks awaiting the same task are woken in the order they started awaiting; awaiting an already-finished task later returns immediately.
import asyncio


async def target():
    print("target start")
    await asyncio.sleep(0.01)
    print("target end")
    return "T"


async def waiter(name, t):
    print(f"{name} waiting")
    r = await t
    print(f"{name} got {r}")


async def main():
    t = asyncio.create_task(target(), name="target")
    w2 = asyncio.create_task(waiter("W2", t), name="W2")
    w1 = asyncio.create_task(waiter("W1", t), name="W1")
    await asyncio.gather(w2, w1)
    print("late await")
    r = await t
    print(f"main got {r}")


asyncio.run(main())
