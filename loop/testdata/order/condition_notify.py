# Order pinned: Condition.notify(1) wakes the longest waiting task, which goes
# on only once the notifier releases the lock; notify_all wakes the rest in
# order; wait_for checks its predicate first and after every notification.
import asyncio


async def main():
    cond = asyncio.Condition()
    items = []

    async def watcher(name):
        async with cond:
            print(f"{name} waits")
            await cond.wait()
            print(f"{name} notified, locked={cond.locked()}")

    async def consumer(name):
        async with cond:
            print(f"{name} waits for an item")
            await cond.wait_for(lambda: len(items) > 0)
            print(f"{name} got {items.pop(0)}")

    ts = [asyncio.create_task(watcher(n)) for n in ("w1", "w2", "w3")]
    await asyncio.sleep(0)
    async with cond:
        cond.notify(1)
        print("main notified 1, still holds the lock")
        await asyncio.sleep(0)
        print("main releases")
    await asyncio.sleep(0)
    async with cond:
        cond.notify_all()
        print("main notified all")
    await asyncio.gather(*ts)

    print("-- wait_for")
    cs = [asyncio.create_task(consumer(n)) for n in ("c1", "c2")]
    await asyncio.sleep(0)
    async with cond:
        cond.notify_all()  # the predicate is still false: both wait again
        print("main notified all with no item")
    await asyncio.sleep(0)
    async with cond:
        items.append("x")
        cond.notify_all()
        print("main added x")
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    async with cond:
        items.append("y")
        cond.notify(1)
        print("main added y")
    await asyncio.gather(*cs)
    async with cond:
        items.append("z")
        await cond.wait_for(lambda: len(items) > 0)  # true at once: no wait
        print(f"main wait_for returned at once, items={items}")


asyncio.run(main())
