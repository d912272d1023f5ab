# Order pinned: default-mode gather raises the child's exception to the awaiter when the failing child is the last to finish; try/except/finally order in the awaiter.
import asyncio


async def ok(name, d, v):
    print(f"{name} start")
    await asyncio.sleep(d)
    print(f"{name} ok")
    return v


async def bad(name, d):
    print(f"{name} start")
    try:
        await asyncio.sleep(d)
        print(f"{name} raising")
        raise ValueError(f"boom from {name}")
    finally:
        print(f"{name} finally")


async def main():
    a = asyncio.create_task(ok("A", 0.01, 1), name="A")
    b = asyncio.create_task(bad("B", 0.03), name="B")
    c = asyncio.create_task(ok("C", 0.02, 3), name="C")
    try:
        res = await asyncio.gather(a, b, c)
        print(f"not reached {res}")
    except ValueError as e:
        print(f"caught {type(e).__name__} {e}")
    finally:
        print("main finally")
    print(f"A result={a.result()} C result={c.result()}")
    print(f"B done={b.done()} cancelled={b.cancelled()}")
    try:
        b.result()
    except ValueError as e:
        print(f"B.result() raised {type(e).__name__} {e}")


asyncio.run(main())
