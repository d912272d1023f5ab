# Order pinned: a timer callback and a sleep with the same delay: the callback runs before the sleeping task resumes, even when the sleep was set first (a sleep's wake-up costs one extra loop hop).
import asyncio


def cb(tag):
    print(f"cb {tag}")


async def main():
    loop = asyncio.get_running_loop()

    print("round 1: call_later then sleep, same step")
    loop.call_later(0.01, cb, "later-1")
    await asyncio.sleep(0.01)
    print("main woke 1")

    print("round 2: call_at then sleep, same step")
    loop.call_at(loop.time() + 0.01, cb, "at-2")
    await asyncio.sleep(0.01)
    print("main woke 2")

    print("round 3: sleep set first, call_later right after in the same loop iteration")

    async def sleeper():
        print("sleeper sets sleep")
        await asyncio.sleep(0.01)
        print("sleeper woke 3")

    def set_timer():
        print("set_timer sets call_later")
        loop.call_later(0.01, cb, "later-3")

    s = asyncio.create_task(sleeper(), name="sleeper")
    loop.call_soon(set_timer)
    await s
    print("main after sleeper 3")


asyncio.run(main())
