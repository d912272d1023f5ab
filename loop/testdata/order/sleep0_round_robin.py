# Order pinned: several tasks looping on sleep(0) interleave round robin (A0 B0 C0 A1 B1 C1 ...).
import asyncio


async def worker(name, n):
    for i in range(n):
        print(f"{name} {i}")
        await asyncio.sleep(0)
    print(f"{name} done")
    return n


async def main():
    res = await asyncio.gather(worker("A", 3), worker("B", 2), worker("C", 4))
    print(f"gather -> {res}")


asyncio.run(main())
