// A preview worker that never finishes, as a render of hostile input could: the deadline tests run it.
let spins = 0;
while (spins >= 0) spins = (spins + 1) % 1e9;
