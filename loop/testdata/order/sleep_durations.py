# Order pinned: sleeps with different durations wake in deadline order, not creation order.
import asyncio


async def sleeper(name, d):
    print(f"{name} start")
    await asyncio.sleep(d)
    print(f"{name} woke")
    return name


async def main():
    t1 = asyncio.create_task(sleeper("slow", 0.03), name="slow")
    t2 = asyncio.create_task(sleeper("fast", 0.01), name="fast")
    t3 = asyncio.create_task(sleeper("mid", 0.02), name="mid")
    print("main created tasks")
    r1 = await t1
    print(f"main got {r1}")
    r2 = await t2
    print(f"main got {r2}")
    r3 = await t3
    print(f"main got {r3}")


asyncio.run(main())
