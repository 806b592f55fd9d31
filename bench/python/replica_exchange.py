#!/usr/bin/env python3
"""The seed's replica-exchange Monte Carlo run as it stands and corrected, each of its points measured.

The seed keeps three replicas of a Monte Carlo simulation (temperatures 1.1, 1.2, 1.3) in three BaseManager processes
behind its ObjProxy, runs their simulations (3000 steps) from a Pool through the proxies, and tries temperature swaps
after each of 5 rounds. Its code is copied below as it is (SeedReplica is its monte_carlo class); the corrected version
keeps the same shape and fixes what the figures show:

  replica_exchange.random_state.<seed|corrected>   identical_walk_pairs: of the 3 pairs of replicas, after one
      simulation each at the same temperature, how many hold identical states (every manager forked from one parent
      inherits one random state)
  replica_exchange.metropolis.<seed|corrected>     one replica at T=1.1: the correlation between the energy change the
      Metropolis test weighed and the one its proposal made, acceptance, and |E - mean(x)| after 3000 steps (MC_step
      takes the energy of the current state, not of the proposal, so its test weighs the previous move and E lags)
  replica_exchange.swaps.<seed|corrected>          over every exchange round of every run: rounds, pair attempts, and
      how often each temperature slot changed (the seed's range(N // 2) only ever tries the first pair)
  replica_exchange.swap_probability.<run>_attempts for each exchange attempt of that run: the mean of the seed's
      p = exp(-dE / (T_i + T_j)) and of the replica-exchange criterion min(1, exp((1/T_i - 1/T_j)(E_i - E_j))), how
      often the seed's p exceeds 1, their largest difference, and how often the two replicas had the same energy
  replica_exchange.objproxy                        requests and bytes received per method call: the seed's ObjProxy
      against an AutoProxy of the same object
  replica_exchange.run.<seed|corrected>            final temperatures T0..T2 and wall time of the last run
Start method: fork, the seed's. Usage: /usr/bin/python3 bench/python/replica_exchange.py [--quick]
"""
import math
import sys
import time
import types
from multiprocessing import Pool, get_context
from multiprocessing.managers import BaseManager, NamespaceProxy

import numpy as np

from baseline import emit, leftover_children

TEMPERATURES = [1.1, 1.2, 1.3]
ROUNDS = 5
STEPS = 3000


# ---- the seed's code, as it stands (its class monte_carlo named SeedReplica here) --------------------------------
class A:
    def __init__(self, name, method):
        self.name = name
        self.method = method

    def get(self, *args, **kwargs):
        return self.method(self.name, args, kwargs)


class ObjProxy(NamespaceProxy):
    def __getattr__(self, name):
        result = super().__getattr__(name)
        if isinstance(result, types.MethodType):
            return A(name, self._callmethod).get
        return result


class SeedReplica:
    def __init__(self, ):
        self.x = np.ones((1000, 3))
        self.E = np.mean(self.x)
        self.Elist = []
        self.T = None

    def simulation(self, temperature):
        self.T = temperature
        for i in range(STEPS):
            self.MC_step()
            if i % 10 == 0:
                self.Elist.append(self.E)
        return

    def MC_step(self):
        x = self.x.copy()
        k = np.random.randint(1000)
        x[k] = (x[k] + np.random.uniform(-1, 1, 3))
        temp_E = np.mean(self.x)
        if np.random.random() < np.exp((self.E - temp_E) / self.T):
            self.E = temp_E
            self.x = x
        return

    @classmethod
    def create(cls, *args, **kwargs):
        class_str = cls.__name__
        BaseManager.register(class_str, cls, ObjProxy, exposed=tuple(dir(cls)))
        manager = BaseManager()
        manager.start()
        inst = eval("manager.{}(*args, **kwargs)".format(class_str))
        return inst


def proba(dE, pT):
    return np.exp(-dE / pT)
# ---- end of the seed's code ----------------------------------------------------------------------------------------


class CorrectedReplica:
    """The seed's replica with a generator of its own, and the Metropolis test on the proposal's energy."""

    def __init__(self, seed):
        self.rng = np.random.default_rng(seed)
        self.x = np.ones((1000, 3))
        self.E = np.mean(self.x)
        self.Elist = []
        self.T = None

    def simulation(self, temperature):
        self.T = temperature
        for i in range(STEPS):
            self.MC_step()
            if i % 10 == 0:
                self.Elist.append(self.E)

    def MC_step(self):
        x = self.x.copy()
        k = self.rng.integers(1000)
        x[k] = x[k] + self.rng.uniform(-1, 1, 3)
        proposed = np.mean(x)
        if self.rng.random() < math.exp(min(0.0, (self.E - proposed) / self.T)):
            self.E = proposed
            self.x = x

    def energy(self):
        return self.E

    def temperature(self):
        return self.T

    def state(self):
        return self.x


class ReplicaManager(BaseManager):
    pass


ReplicaManager.register("CorrectedReplica", CorrectedReplica,
                        exposed=("simulation", "MC_step", "energy", "temperature", "state"))
ReplicaManager.register("SeedReplicaAuto", SeedReplica, exposed=("simulation", "MC_step"))


def exchange_probability(t_i, t_j, e_i, e_j):
    """The replica-exchange (parallel tempering) acceptance: min(1, exp((1/T_i - 1/T_j)(E_i - E_j)))."""
    return min(1.0, math.exp(min(0.0, (1 / t_i - 1 / t_j) * (e_i - e_j))))


def run_seed(record):
    """The seed's main block, recording each exchange attempt: (i, T_i, T_j, E_i, E_j) and the list after."""
    Tlist = list(TEMPERATURES)
    N = len(Tlist)
    G = [SeedReplica.create() for _ in range(N)]
    for _ in range(ROUNDS):
        results = []
        with Pool(8) as pool:
            for i in range(N):
                results.append(pool.apply_async(G[i].simulation, (Tlist[i],)))
            for result in results:
                result.get()
        before = list(Tlist)
        for i in range(N // 2):
            dE = G[i].E - G[i + 1].E
            pT = G[i].T + G[i + 1].T
            record["attempts"].append((G[i].T, G[i + 1].T, G[i].E, G[i + 1].E, float(proba(dE, pT))))
            p = proba(dE, pT)
            if np.random.random() < p:
                Tlist[i], Tlist[i + 1] = Tlist[i + 1], Tlist[i]
        record["rounds"].append((before, list(Tlist)))
    for g in G:
        g._manager.shutdown()
    return Tlist


def simulate(replica, temperature):
    replica.simulation(temperature)


def run_corrected(record, seed):
    """Same shape, corrected: one manager, independent generators, even and odd pairs in turn, the right criterion."""
    Tlist = list(TEMPERATURES)
    N = len(Tlist)
    streams = np.random.SeedSequence(seed).spawn(N + 1)
    chooser = np.random.default_rng(streams[N])
    with ReplicaManager(ctx=get_context("fork")) as manager:
        G = [manager.CorrectedReplica(streams[i]) for i in range(N)]
        with Pool(N) as pool:
            for r in range(ROUNDS):
                for result in [pool.apply_async(simulate, (G[i], Tlist[i])) for i in range(N)]:
                    result.get()
                before = list(Tlist)
                for i in range(r % 2, N - 1, 2):
                    p = exchange_probability(Tlist[i], Tlist[i + 1], G[i].energy(), G[i + 1].energy())
                    record["attempts"].append((Tlist[i], Tlist[i + 1], G[i].energy(), G[i + 1].energy(), p))
                    if chooser.random() < p:
                        Tlist[i], Tlist[i + 1] = Tlist[i + 1], Tlist[i]
                record["rounds"].append((before, list(Tlist)))
    return Tlist


def random_state():
    """Three replicas made the seed's way, each simulated once at one temperature: pairs with identical states."""
    seed = [SeedReplica.create() for _ in range(3)]
    for g in seed:
        g.simulation(1.2)
    states = [np.array(g.x) for g in seed]
    for g in seed:
        g._manager.shutdown()
    emit("replica_exchange.random_state.seed", "identical_walk_pairs", identical_pairs(states), "of 3")
    streams = np.random.SeedSequence(1).spawn(3)
    with ReplicaManager(ctx=get_context("fork")) as manager:
        corrected = [manager.CorrectedReplica(streams[i]) for i in range(3)]
        for g in corrected:
            g.simulation(1.2)
        states = [g.state() for g in corrected]
    emit("replica_exchange.random_state.corrected", "identical_walk_pairs", identical_pairs(states), "of 3")


def identical_pairs(states):
    return sum(np.array_equal(states[a], states[b]) for a in range(3) for b in range(a + 1, 3))


def metropolis():
    """One replica run in this process, the seed's step against the corrected one: how the energy difference the
    Metropolis test uses relates to the proposal's own (correlation 1: the right pair; about 0: another pair), the
    fraction of steps accepted, and how far the recorded E is from the energy of the replica's state at the end."""
    for name, make in (("seed", SeedReplica), ("corrected", lambda: CorrectedReplica(7))):
        np.random.seed(7)
        replica = make()
        replica.T = 1.1
        tested, proposed = [], []
        accepted = 0
        for _ in range(STEPS):
            before_x, before_e = replica.x, replica.E
            state_e = float(np.mean(before_x))
            replica.MC_step()
            if replica.x is not before_x:
                accepted += 1
                tested.append(replica.E - before_e)        # what the test compared, as the step stored it
                proposed.append(float(np.mean(replica.x)) - state_e)  # what the proposal changed
        bench = "replica_exchange.metropolis." + name
        emit(bench, "tested_vs_proposed_correlation", float(np.corrcoef(tested, proposed)[0, 1]), "pearson")
        emit(bench, "acceptance", accepted / STEPS, "fraction")
        emit(bench, "energy_lag", abs(replica.E - float(np.mean(replica.x))), "energy")


def swaps(name, records):
    rounds = [r for record in records for r in record["rounds"]]
    emit("replica_exchange.swaps." + name, "rounds", len(rounds), "count")
    emit("replica_exchange.swaps." + name, "pair_attempts", sum(len(rec["attempts"]) for rec in records), "count")
    for slot in range(3):
        moved = sum(before[slot] != after[slot] for before, after in rounds)
        emit("replica_exchange.swaps." + name, "slot%d_changed" % slot, moved, "rounds")


def swap_probability(name, records):
    """For each attempt of a run, the seed's p = exp(-dE / (T_i + T_j)) beside the replica-exchange criterion."""
    attempts = [a for record in records for a in record["attempts"]]
    seed_p = [float(proba(a[2] - a[3], a[0] + a[1])) for a in attempts]
    right = [exchange_probability(a[0], a[1], a[2], a[3]) for a in attempts]
    bench = "replica_exchange.swap_probability.%s_attempts" % name
    emit(bench, "seed_p_mean", float(np.mean(seed_p)), "probability")
    emit(bench, "criterion_p_mean", float(np.mean(right)), "probability")
    emit(bench, "seed_p_above_1", sum(p > 1 for p in seed_p) / len(seed_p), "fraction")
    emit(bench, "max_abs_difference", float(max(abs(min(1.0, s) - r) for s, r in zip(seed_p, right))), "probability")
    emit(bench, "identical_energy_attempts", sum(a[2] == a[3] for a in attempts) / len(attempts), "fraction")


class CountingConnection:
    """A proxy's connection that counts the requests sent and the bytes of the replies received."""

    def __init__(self, inner):
        self.inner = inner
        self.requests = 0
        self.received = 0

    def send(self, obj):
        self.requests += 1
        self.inner.send(obj)

    def recv(self):
        from multiprocessing.reduction import ForkingPickler
        buf = self.inner.recv_bytes()
        self.received += len(buf)
        return ForkingPickler.loads(buf)

    def __getattr__(self, name):
        return getattr(self.inner, name)


def objproxy():
    """Requests and reply bytes of one MC_step call: the seed's ObjProxy against an AutoProxy of the same class."""
    seed = SeedReplica.create()
    with ReplicaManager(ctx=get_context("fork")) as manager:
        auto = manager.SeedReplicaAuto()
        for name, proxy in (("seed_objproxy", seed), ("autoproxy", auto)):
            proxy.simulation(1.1)  # connects, and sets the temperature MC_step divides by
            counting = CountingConnection(proxy._tls.connection)
            proxy._tls.connection = counting
            calls = 20
            for _ in range(calls):
                proxy.MC_step()
            proxy._tls.connection = counting.inner
            emit("replica_exchange.objproxy." + name, "requests_per_call", counting.requests / calls, "count")
            emit("replica_exchange.objproxy." + name, "reply_bytes_per_call", counting.received / calls, "bytes")
        del auto
    seed._manager.shutdown()


def main():
    runs = 1 if "--quick" in sys.argv else 3
    started = time.perf_counter()
    random_state()
    metropolis()
    objproxy()
    for name, run in (("seed", lambda record, i: run_seed(record)),
                      ("corrected", lambda record, i: run_corrected(record, 1000 + i))):
        records = []
        for i in range(runs):
            record = {"attempts": [], "rounds": []}
            t0 = time.perf_counter()
            final = run(record, i)
            wall = time.perf_counter() - t0
            records.append(record)
        for slot, t in enumerate(final):
            emit("replica_exchange.run." + name, "final_T%d" % slot, t, "temperature")
        emit("replica_exchange.run." + name, "wall", wall, "s")
        swaps(name, records)
        swap_probability(name, records)
    emit("replica_exchange", "leftover_children", leftover_children(), "count")
    emit("replica_exchange", "script_wall", time.perf_counter() - started, "s")


if __name__ == "__main__":
    main()
