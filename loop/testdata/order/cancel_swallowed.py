# Order pinned: a task that catches CancelledError and returns normally is not cancelled; its awaiter gets the return value.
import asyncio


async def stubborn():
    print("stubborn start")
    try:
        await asyncio.sleep(0.05)
    except asyncio.CancelledError as e:
        print(f"stubborn caught CancelledError msg={e}")
    print("stubborn cleanup sleep(0)")
    await asyncio.sleep(0)
    print("stubborn returning")
    return "survived"


async def main():
    t = asyncio.create_task(stubborn(), name="stubborn")
    await asyncio.sleep(0)
    print(f"main cancel -> {t.cancel('please')}")
    r = await t
    print(f"main got {r} cancelled={t.cancelled()} done={t.done()}")


asyncio.run(main())
