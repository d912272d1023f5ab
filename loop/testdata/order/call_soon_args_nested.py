# Order pinned: call_soon passes *args; a callback scheduled from inside a callback runs after everything already queued (next loop iteration).
import asyncio


def cb(loop, tag, depth):
    print(f"cb {tag} depth={depth}")
    if depth < 2:
        loop.call_soon(cb, loop, tag, depth + 1)


async def main():
    loop = asyncio.get_running_loop()
    loop.call_soon(cb, loop, "x", 0)
    loop.call_soon(cb, loop, "y", 0)
    loop.call_soon(print, "plain", "print", "args")
    print("main yields")
    await asyncio.sleep(0)
    print("main resumed 1")
    await asyncio.sleep(0)
    print("main resumed 2")
    await asyncio.sleep(0)
    print("main resumed 3")


asyncio.run(main())
