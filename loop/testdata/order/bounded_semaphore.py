# Order pinned: releasing a BoundedSemaphore more often than it was acquired
# raises ValueError in the task that does it; the semaphore keeps its count and
# the other tasks go on.
import asyncio


async def main():
    sem = asyncio.BoundedSemaphore(2)

    async def over_release():
        await sem.acquire()
        print(f"acquired, value={sem._value}")
        sem.release()
        print(f"released, value={sem._value}")
        sem.release()
        print("not reached")

    async def bystander():
        for i in range(3):
            print(f"bystander step {i}")
            await asyncio.sleep(0)

    t = asyncio.create_task(over_release())
    b = asyncio.create_task(bystander())
    try:
        await t
    except ValueError as e:
        print(f"caught ValueError {e}")
    await b
    print(f"value={sem._value} locked={sem.locked()}")
    await sem.acquire()
    await sem.acquire()
    print(f"both permits taken, locked={sem.locked()}")
    sem.release()
    sem.release()
    print(f"end value={sem._value}")


asyncio.run(main())
