#!/usr/bin/env bash
# Times the README's main command, exactly as a user types it, against the Python peer (SciPy L-BFGS-B with a
# hand-vectorized NumPy gradient, ../shared/peers): RUNS rounds (default 3), each running ours three ways and then
# the peer, so that a slow spell of the machine falls on both; prints every time and the medians.
# Needs: apt-get install -y python3-scipy python3-numpy
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${RUNS:-3}
peer=../shared/peers/lorenz96_scipy.py
obs=0,1,3,5,6,8,10,11,13,15,16,18
main=(dotnet samples/Lorenz96/bin/Release/net10.0/Lorenz96.dll)   # the README's main command
dotnet build -c Release -v q >/dev/null                           # the README's build step, once

# seconds COMMAND…: the wall time of one whole process.
seconds() { local start; start=$(date +%s.%N); "$@" >/tmp/compare-last.txt; echo "$(date +%s.%N) - $start" | bc; }
# annealing DIR: the annealing's own wall time from the run's summary.json.
annealing() { python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["seconds"])' "$1/summary.json"; }
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

declare -a main_p main_a same_p same_a lbfgsb_p lbfgsb_a peer_p peer_a
for round in $(seq 1 "$runs"); do
    main_p+=("$(seconds "${main[@]}")");  main_a+=("$(annealing out/lorenz96)")
    # The peer's schedule: R_f0 = 4e-6 for every component, α = 1.5, all 101 levels; then also its minimizer.
    same_p+=("$(seconds "${main[@]}" --rf0 4e-6 --beta-max 100 --stop beta-max --out out/compare-peer-schedule)")
    same_a+=("$(annealing out/compare-peer-schedule)")
    lbfgsb_p+=("$(seconds "${main[@]}" --rf0 4e-6 --beta-max 100 --stop beta-max --minimizer lbfgsb --out out/compare-peer-lbfgsb)")
    lbfgsb_a+=("$(annealing out/compare-peer-lbfgsb)")
    peer_p+=("$(seconds env OBS=$obs /usr/bin/python3 "$peer" numpy 100 4)")
    peer_a+=("$(grep -o 'seconds=[0-9.]*' /tmp/compare-last.txt | cut -d= -f2)")
    tail -1 /tmp/compare-last.txt
    echo "round $round: ours ${main_p[-1]} s (annealing ${main_a[-1]}), peer schedule ${same_p[-1]} s (${same_a[-1]}), peer schedule + L-BFGS-B ${lbfgsb_p[-1]} s (${lbfgsb_a[-1]}), peer ${peer_p[-1]} s (annealing ${peer_a[-1]})"
done

pp=$(median "${peer_p[@]}"); pa=$(median "${peer_a[@]}")
report() {
    local name=$1 process=$2 anneal=$3
    printf '%-44s process %6.2f s (%5.1fx)   annealing %6.2f s (%5.1fx)\n' "$name" "$process" "$(echo "$pp / $process" | bc -l)" "$anneal" "$(echo "$pa / $anneal" | bc -l)"
}
echo "medians of $runs rounds; ratios are the peer's median over ours (process to process, annealing to annealing):"
printf '%-44s process %6.2f s            annealing %6.2f s\n' "Python peer" "$pp" "$pa"
report "ours, the README's main command" "$(median "${main_p[@]}")" "$(median "${main_a[@]}")"
report "ours, the peer's schedule" "$(median "${same_p[@]}")" "$(median "${same_a[@]}")"
report "ours, the peer's schedule and L-BFGS-B" "$(median "${lbfgsb_p[@]}")" "$(median "${lbfgsb_a[@]}")"
