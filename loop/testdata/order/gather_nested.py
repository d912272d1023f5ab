# Order pinned: gather of gathers; children start in argument order, and an inner gather used as an argument creates its tasks before the outer gather creates its own.
import asyncio


async def child(name):
    print(f"{name} start")
    await asyncio.sleep(0)
    print(f"{name} end")
    return name


async def main():
    print("case 1: gather(gather(a, b), gather(c, d))")
    res = await asyncio.gather(
        asyncio.gather(child("a"), child("b")),
        asyncio.gather(child("c"), child("d")),
    )
    print(f"gather -> {res}")
    print("case 2: gather(e, gather(f, g), h)")
    res = await asyncio.gather(child("e"), asyncio.gather(child("f"), child("g")), child("h"))
    print(f"gather -> {res}")


asyncio.run(main())
