# Order pinned: a TaskGroup whose children all succeed; children started by a
# child join the group; the group ends when the last one does.
import asyncio


async def main():
    results = []

    async def child(tg, name, delay, spawn=None):
        print(f"{name} start")
        if spawn:
            tg.create_task(child(tg, spawn, 0.05))
        await asyncio.sleep(delay)
        print(f"{name} done")
        results.append(name)

    async with asyncio.TaskGroup() as tg:
        tg.create_task(child(tg, "a", 0.2))
        tg.create_task(child(tg, "b", 0.1, spawn="b2"))
        print("body returns")
    print(f"group done {results}")


asyncio.run(main())
