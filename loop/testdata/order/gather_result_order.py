# Order pinned: gather returns results in argument order even though children finish in a different order.
import asyncio


async def child(name, d, value):
    print(f"{name} start")
    await asyncio.sleep(d)
    print(f"{name} finish")
    return value


async def main():
    res = await asyncio.gather(
        child("A", 0.03, 1),
        child("B", 0.01, 2),
        child("C", 0.02, 3),
        child("D", 0, 4),
    )
    print(f"gather -> {res}")


asyncio.run(main())
