# Order pinned: two producers and two consumers on a bounded queue (maxsize 2);
# blocked putters and getters are served first in, first out.
import asyncio


async def producer(q, name, n):
    for i in range(n):
        print(f"{name} put {i} start")
        await q.put(f"{name}{i}")
        print(f"{name} put {i} done")


async def consumer(q, name, n):
    for _ in range(n):
        item = await q.get()
        print(f"{name} got {item}")


async def main():
    q = asyncio.Queue(2)
    await asyncio.gather(
        producer(q, "p", 3),
        producer(q, "r", 3),
        consumer(q, "c1", 3),
        consumer(q, "c2", 3),
    )
    print(f"empty {q.empty()} size {q.qsize()}")


asyncio.run(main())
