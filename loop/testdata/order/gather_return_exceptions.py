# Order pinned: gather(return_exceptions=True) waits for every child and returns values and exceptions in argument order.
import asyncio


async def ok(name, d, v):
    await asyncio.sleep(d)
    print(f"{name} ok")
    return v


async def bad(name, d, exc):
    await asyncio.sleep(d)
    print(f"{name} raising")
    raise exc


def show(res):
    items = [f"{type(r).__name__}({r})" if isinstance(r, BaseException) else str(r) for r in res]
    return "[" + ", ".join(items) + "]"


async def main():
    res = await asyncio.gather(
        bad("A", 0.01, ValueError("boom")),
        ok("B", 0.03, 2),
        bad("C", 0.02, TypeError("k")),
        ok("D", 0, 4),
        bad("E", 0, RuntimeError("now")),
        return_exceptions=True,
    )
    print(f"gather -> {show(res)}")


asyncio.run(main())
