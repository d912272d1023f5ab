# Order pinned: await other() runs inline in the caller's step (no loop round trip), while await create_task(other()) runs only after already-queued callbacks.
import asyncio


async def other(tag):
    print(f"other {tag} runs")
    return tag


async def other_suspends(tag):
    print(f"other {tag} before sleep(0)")
    await asyncio.sleep(0)
    print(f"other {tag} after sleep(0)")
    return tag


async def main():
    loop = asyncio.get_running_loop()

    print("-- direct await")
    loop.call_soon(print, "cb 1")
    r = await other("direct")
    print(f"main got {r}")
    await asyncio.sleep(0)

    print("-- task await")
    loop.call_soon(print, "cb 2")
    r = await asyncio.create_task(other("task"), name="task")
    print(f"main got {r}")

    print("-- direct await of a coroutine that suspends")
    loop.call_soon(print, "cb 3")
    r = await other_suspends("direct2")
    print(f"main got {r}")

    print("-- task await of a coroutine that suspends")
    loop.call_soon(print, "cb 4")
    r = await asyncio.create_task(other_suspends("task2"), name="task2")
    print(f"main got {r}")


asyncio.run(main())
