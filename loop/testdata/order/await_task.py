# Order pinned: a task awaiting another task resumes one loop hop after the awaited task finishes (after callbacks already queued).
import asyncio


async def worker():
    print("worker start")
    await asyncio.sleep(0.01)
    print("worker before return")
    asyncio.get_running_loop().call_soon(print, "cb scheduled by worker")
    return 42


async def waiter(t):
    print("waiter start")
    r = await t
    print(f"waiter got {r}")
    return r + 1


async def main():
    w = asyncio.create_task(worker(), name="worker")
    v = asyncio.create_task(waiter(w), name="waiter")
    r = await v
    print(f"main got {r} worker done={w.done()} result={w.result()}")


asyncio.run(main())
