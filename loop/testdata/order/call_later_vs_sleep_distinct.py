# Order pinned: call_later/call_at callbacks and sleeps with distinct deadlines run strictly in deadline order, regardless of the order they were set.
import asyncio


def cb(tag):
    print(f"cb {tag}")


async def sleeper(name, d):
    print(f"{name} sleeps {d}")
    await asyncio.sleep(d)
    print(f"{name} woke")


async def main():
    loop = asyncio.get_running_loop()
    loop.call_later(0.04, cb, "later 0.04")
    loop.call_at(loop.time() + 0.02, cb, "at 0.02")
    loop.call_later(0.06, cb, "later 0.06")
    loop.call_at(loop.time() + 0.09, cb, "at 0.09")
    # Tasks start one loop iteration later; their deadlines differ from the
    # callbacks' deadlines by at least 10 ms.
    await asyncio.gather(sleeper("S1", 0.05), sleeper("S2", 0.01), sleeper("S3", 0.07))
    print("gather done")
    await asyncio.sleep(0.03)
    print("main end")


asyncio.run(main())
