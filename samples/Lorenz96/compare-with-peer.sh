#!/usr/bin/env bash
# Times the main job against the Python peer (SciPy L-BFGS-B + NumPy gradient) in one run on
# this machine and prints the ratio. Needs: apt-get install -y python3-scipy python3-numpy
set -euo pipefail
cd "$(dirname "$0")/../.."
peer=../shared/peers/lorenz96_scipy.py
obs=0,1,3,5,6,8,10,11,13,15,16,18
dotnet build samples/Lorenz96 -c Release -v q >/dev/null
start=$(date +%s.%N)
dotnet run -c Release --project samples/Lorenz96 --no-build -- --out out/compare >/tmp/ours.txt
ours=$(echo "$(date +%s.%N) - $start" | bc)
# The same with the peer's schedule (R_f0 = 4e-6 for every component, α = 1.5, all 101 levels).
start=$(date +%s.%N)
dotnet run -c Release --project samples/Lorenz96 --no-build -- --rf0 4e-6 --beta-max 100 --stop beta-max --out out/compare-peer-schedule >/tmp/ours-peer-schedule.txt
ours_same=$(echo "$(date +%s.%N) - $start" | bc)
# Like for like: the peer's schedule and the peer's minimizer (L-BFGS-B instead of the automatic choice, Newton here).
start=$(date +%s.%N)
dotnet run -c Release --project samples/Lorenz96 --no-build -- --rf0 4e-6 --beta-max 100 --stop beta-max --optimizer lbfgsb --out out/compare-peer-lbfgsb >/tmp/ours-peer-lbfgsb.txt
ours_lbfgsb=$(echo "$(date +%s.%N) - $start" | bc)
start=$(date +%s.%N)
OBS=$obs /usr/bin/python3 "$peer" numpy 100 4 | tee /tmp/peer.txt | tail -3
peer_time=$(echo "$(date +%s.%N) - $start" | bc)
grep -E "F  |wall time|measurement term" /tmp/ours.txt
grep -E "F  |wall time|measurement term" /tmp/ours-peer-schedule.txt
grep -E "F  |wall time|measurement term" /tmp/ours-peer-lbfgsb.txt
printf 'DeepestLearning.Codegen, defaults: %.2f s (process)   Python peer: %.2f s   ratio: %.1fx\n' "$ours" "$peer_time" "$(echo "$peer_time / $ours" | bc -l)"
printf 'DeepestLearning.Codegen, peer schedule: %.2f s (process)   ratio: %.1fx\n' "$ours_same" "$(echo "$peer_time / $ours_same" | bc -l)"
printf 'DeepestLearning.Codegen, peer schedule and L-BFGS-B: %.2f s (process)   ratio: %.1fx\n' "$ours_lbfgsb" "$(echo "$peer_time / $ours_lbfgsb" | bc -l)"
