# Order pinned: cancelling the task that awaits a gather cancels every pending child; children clean up in argument order, already finished children keep their result.
import asyncio


async def child(name, d):
    print(f"{name} start")
    try:
        await asyncio.sleep(d)
        print(f"{name} finished")
        return name
    except asyncio.CancelledError:
        print(f"{name} cancelled")
        raise
    finally:
        print(f"{name} finally")


async def parent(tasks):
    print("parent awaiting gather")
    try:
        await asyncio.gather(*tasks)
    except asyncio.CancelledError:
        print("parent caught CancelledError")
        raise
    finally:
        print("parent finally")


async def main():
    tasks = [
        asyncio.create_task(child("c1", 0.05), name="c1"),
        asyncio.create_task(child("c2", 0.01), name="c2"),
        asyncio.create_task(child("c3", 0.05), name="c3"),
    ]
    p = asyncio.create_task(parent(tasks), name="parent")
    await asyncio.sleep(0.02)
    print(f"main cancel parent -> {p.cancel()}")
    try:
        await p
    except asyncio.CancelledError:
        print("main caught CancelledError")
    for t in tasks:
        print(f"child cancelled={t.cancelled()} done={t.done()}")
    print(f"c2 result={tasks[1].result()} parent cancelled={p.cancelled()}")


asyncio.run(main())
