# Order pinned: an exception in a task that nobody awaits yet leaves the task done with the error stored; it is raised later when awaited, and again by result().
import asyncio


async def failing():
    print("failing start")
    await asyncio.sleep(0)
    print("failing raises")
    raise ValueError("late boom")


async def main():
    t = asyncio.create_task(failing(), name="failing")
    print("main continues")
    await asyncio.sleep(0)
    print(f"after 1 hop done={t.done()}")
    await asyncio.sleep(0)
    print(f"after 2 hops done={t.done()} cancelled={t.cancelled()}")
    await asyncio.sleep(0.01)
    print("main awaits the task now")
    try:
        await t
    except ValueError as e:
        print(f"caught {type(e).__name__} {e}")
    try:
        t.result()
    except ValueError as e:
        print(f"result() raised {type(e).__name__} {e}")
    print("main end")


asyncio.run(main())
