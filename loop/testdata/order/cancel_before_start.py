# Order pinned: cancelling a task before its first step; its body (including try/finally) never runs, it ends cancelled; a sibling created earlier still runs first.
import asyncio


async def body(name):
    try:
        print(f"{name} body runs")
        await asyncio.sleep(0)
        print(f"{name} body end")
        return name
    finally:
        print(f"{name} finally")


async def main():
    a = asyncio.create_task(body("A"), name="A")
    b = asyncio.create_task(body("B"), name="B")
    print(f"cancel B -> {b.cancel('early')}")
    print(f"B done={b.done()} cancelled={b.cancelled()}")
    for t, name in ((a, "A"), (b, "B")):
        try:
            r = await t
            print(f"await {name} -> {r}")
        except asyncio.CancelledError:
            print(f"await {name} raised CancelledError")
    print(f"A cancelled={a.cancelled()} B cancelled={b.cancelled()}")


asyncio.run(main())
