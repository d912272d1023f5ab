# Order pinned: main's own sleep(0) yields let created tasks run one step each, in creation order; main takes its turn after them.
import asyncio


async def worker(name):
    for i in range(2):
        print(f"{name} step {i}")
        await asyncio.sleep(0)
    print(f"{name} end")


async def main():
    a = asyncio.create_task(worker("A"), name="A")
    b = asyncio.create_task(worker("B"), name="B")
    for i in range(4):
        print(f"main {i}")
        await asyncio.sleep(0)
    print(f"a done={a.done()} b done={b.done()}")
    await a
    await b
    print("main end")


asyncio.run(main())
