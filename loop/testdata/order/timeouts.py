# Order pinned: asyncio.timeout and wait_for; the work inside is cancelled at
# the deadline and cleans up before the TimeoutError; an inner timeout cannot
# outlast an outer one; wait_for on a task cancels the task.
import asyncio


async def work(name, delay):
    print(f"{name} start")
    try:
        await asyncio.sleep(delay)
        print(f"{name} done")
        return name
    except asyncio.CancelledError:
        print(f"{name} cancelled")
        raise


async def main():
    loop = asyncio.get_running_loop()
    start = loop.time()
    try:
        async with asyncio.timeout(0.1):
            await work("a", 1)
    except TimeoutError:
        print("a timed out")
    try:
        await asyncio.wait_for(work("b", 1), 0.1)
    except TimeoutError:
        print("b timed out")
    r = await asyncio.wait_for(work("c", 0.05), 1)
    print(f"c returned {r}")
    try:
        async with asyncio.timeout(0.5):
            async with asyncio.timeout(2):
                await work("d", 1)
    except TimeoutError:
        print("d timed out by the outer timeout")
    t = asyncio.create_task(work("e", 1))
    try:
        await asyncio.wait_for(t, 0.1)
    except TimeoutError:
        print(f"e timed out, task cancelled={t.cancelled()}")
    print(f"elapsed {round(loop.time() - start, 2)}")


asyncio.run(main())
