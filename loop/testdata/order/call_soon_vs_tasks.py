# Order pinned: call_soon callbacks and task steps share one FIFO ready queue; interleaving of callbacks with create_task first steps and sleep(0) resumptions.
import asyncio


def cb(tag):
    print(f"cb {tag}")


async def worker(name, loop):
    print(f"{name} step 1")
    loop.call_soon(cb, f"from {name} step 1")
    await asyncio.sleep(0)
    print(f"{name} step 2")
    loop.call_soon(cb, f"from {name} step 2")
    await asyncio.sleep(0)
    print(f"{name} step 3")


async def main():
    loop = asyncio.get_running_loop()
    loop.call_soon(cb, 1)
    a = asyncio.create_task(worker("A", loop), name="A")
    loop.call_soon(cb, 2)
    b = asyncio.create_task(worker("B", loop), name="B")
    loop.call_soon(cb, 3)
    print("main before sleep(0)")
    await asyncio.sleep(0)
    print("main after sleep(0)")
    loop.call_soon(cb, 4)
    await asyncio.sleep(0)
    print("main after second sleep(0)")
    await a
    await b
    print("main end")


asyncio.run(main())
