# Order pinned: a child of a TaskGroup fails; the other child is cancelled,
# then the body; the group waits for all and raises the child's error.
import asyncio


async def child(name, delay, fail=False):
    print(f"{name} start")
    try:
        await asyncio.sleep(delay)
        if fail:
            print(f"{name} fails")
            raise ValueError(name)
        print(f"{name} done")
        return name
    except asyncio.CancelledError:
        print(f"{name} cancelled")
        await asyncio.sleep(0)  # asyncio lets a cancelled child await once more
        print(f"{name} cleaned up")
        raise


async def main():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(child("slow", 0.3))
            tg.create_task(child("bad", 0.1, fail=True))
            print("body waits")
            try:
                await asyncio.sleep(1)
                print("body not reached")
            except asyncio.CancelledError:
                print("body cancelled")
                raise
    except* ValueError as eg:
        print(f"caught {[str(e) for e in eg.exceptions]}")
    print("after the group")


asyncio.run(main())
