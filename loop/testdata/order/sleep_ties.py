# Order pinned: sleeps with EXACTLY equal durations set in one step fire FIFO (in the order they were set).
import asyncio


async def sleeper(name, d):
    print(f"{name} start")
    await asyncio.sleep(d)
    print(f"{name} woke")
    return name


async def main():
    # gather creates the three tasks in one step; each sets its 0.01 s sleep in its
    # own first step, all within one loop iteration, in argument order.
    res = await asyncio.gather(sleeper("A", 0.01), sleeper("B", 0.01), sleeper("C", 0.01))
    print(f"gather -> {res}")


asyncio.run(main())
