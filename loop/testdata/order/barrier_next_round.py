# Order pinned: a party that passes a Barrier and waits again at once blocks
# until every party of the round it left has gone on (the barrier drains), so
# the second round is filled in the order the parties come back.
import asyncio


async def main():
    b = asyncio.Barrier(3)

    async def party(name):
        for r in range(2):
            print(f"{name} arrives round {r}")
            i = await b.wait()
            print(f"{name} passes round {r} with index {i}")

    await asyncio.gather(party("a"), party("b"), party("c"))


asyncio.run(main())
