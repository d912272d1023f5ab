# Order pinned: create_task inside a task; the new task's first step runs only after the current step of its creator suspends, after already-scheduled callbacks.
import asyncio


async def grandchild():
    print("grandchild step 1")
    await asyncio.sleep(0)
    print("grandchild step 2")
    return "g"


async def child():
    print("child step 1 begin")
    g = asyncio.create_task(grandchild(), name="grandchild")
    print("child created grandchild")
    await asyncio.sleep(0)
    print("child step 2")
    r = await g
    print(f"child got {r}")
    return "c"


async def main():
    print("main begin")
    c = asyncio.create_task(child(), name="child")
    print("main created child")
    loop = asyncio.get_running_loop()
    loop.call_soon(print, "cb after child created")
    r = await c
    print(f"main got {r}")


asyncio.run(main())
