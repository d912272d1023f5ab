# Order pinned: LifoQueue and PriorityQueue order; Queue.join waits until
# every item got has been marked done by task_done.
import asyncio


async def main():
    lifo = asyncio.LifoQueue()
    for i in range(4):
        lifo.put_nowait(i)
    print(f"lifo {[lifo.get_nowait() for _ in range(4)]}")
    prio = asyncio.PriorityQueue()
    for item in [(3, "c"), (1, "a"), (2, "b"), (0, "z")]:
        prio.put_nowait(item)
    print(f"priority {[prio.get_nowait()[1] for _ in range(4)]}")

    q = asyncio.Queue()

    async def worker(name):
        while True:
            item = await q.get()
            await asyncio.sleep(0.1)
            print(f"{name} processed {item}")
            q.task_done()

    workers = [asyncio.create_task(worker(n)) for n in ("w1", "w2")]
    for i in range(5):
        q.put_nowait(i)
    print("joining")
    await q.join()
    print("joined")
    for w in workers:
        w.cancel()
    await asyncio.gather(*workers, return_exceptions=True)
    print("workers stopped")


asyncio.run(main())
