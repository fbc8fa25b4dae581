#!/usr/bin/env bash
# slurm-local.sh — a real, private, one-node Slurm cluster on 127.0.0.1 for finetune's tests.
#
# Why: the orchestrator submits sweeps with sbatch/squeue/scancel/scontrol, and its tests must run
# against the real Slurm (job arrays, dependencies, time and memory limits, the states Slurm really
# reports), not a mock. This script installs Debian's slurm-wlm and munge if they are missing and runs
# munged, slurmctld and slurmd as a one-node cluster whose every piece of state (slurm.conf, munge
# key and socket, spool and state-save dirs, logs, pid files) lives under one folder, so it never
# touches a system-wide Slurm or munge: the daemons get the private config with -f / --socket, and
# the clients find it through SLURM_CONF (printed by `env`); slurm.conf's AuthInfo names the private
# munge socket, so no client or daemon ever talks to /run/munge.
#
# Usage: scripts/slurm-local.sh start|stop|status|env
#   start   install if needed, start the daemons, wait until the node is idle (no-op if up)
#   stop    cancel the cluster's jobs, stop the daemons, wait until they exited (no-op if down)
#   status  print the node's state; exit 0 when the cluster is up, 1 when not
#   env     print `export SLURM_CONF=...`: eval "$(scripts/slurm-local.sh env)"
#
# Environment (all optional):
#   FINETUNE_SLURM_DIR          the folder holding all state      [/tmp/finetune-slurm]
#   FINETUNE_SLURM_CTLD_PORT    slurmctld's TCP port              [16817]
#   FINETUNE_SLURM_SLURMD_PORT  slurmd's TCP port                 [16818]
#   FINETUNE_SLURM_MEM_MARGIN   MiB of RAM kept out of the node   [1024]
#   FINETUNE_SLURM_TIMEOUT      seconds `start` waits for idle    [30]
#
# Written for a container without systemd or usable cgroups, running as root: processes are tracked
# through /proc (proctrack/linuxproc), tasks are not bound (task/none), and memory limits are
# enforced by polling (jobacct_gather/linux with OverMemoryKill). Job state survives stop/start
# (StateSaveLocation); delete the folder for a fresh cluster. There is no accounting database, so
# sacct does not work; finished jobs stay visible to squeue/scontrol for MinJobAge (1 h), and
# jobcomp/filetxt appends one line per finished job to $FINETUNE_SLURM_DIR/log/jobcomp.txt.
#
# What Slurm 22.05 (Debian 12) reports here, as `squeue --states=all -h -r -o '%i|%T|%r'` and
# scontrol's ExitCode, measured with this configuration:
#   exit 3                   FAILED|NonZeroExitCode     ExitCode=3:0
#   scancel JOB_TASK         CANCELLED|None             ExitCode=0:15 (0:0 if the job traps TERM)
#   over --time              TIMEOUT|TimeLimit          ExitCode=0:15 (0:9 after KillWait); the
#                            limit is checked every 30 s, so a 1-minute job dies after 60-90 s
#   over --mem               FAILED|JobLaunchFailure    ExitCode=0:9, killed within ~1 s; the
#                            output file says "Exceeded job memory limit" (no OUT_OF_MEMORY state)
#   afterok on a failed job  PENDING|DependencyNeverSatisfied, for ever
set -euo pipefail

DIR=${FINETUNE_SLURM_DIR:-/tmp/finetune-slurm}
CTLD_PORT=${FINETUNE_SLURM_CTLD_PORT:-16817}
SLURMD_PORT=${FINETUNE_SLURM_SLURMD_PORT:-16818}
MEM_MARGIN=${FINETUNE_SLURM_MEM_MARGIN:-1024}
TIMEOUT=${FINETUNE_SLURM_TIMEOUT:-30}

CONF=$DIR/etc/slurm.conf
MUNGE_DIR=$DIR/munge
MUNGE_SOCKET=$MUNGE_DIR/munge.socket
LOG_DIR=$DIR/log
RUN_DIR=$DIR/run
NODE=$(hostname -s)
export SLURM_CONF=$CONF

say() { echo "slurm-local: $*" >&2; }
die() { say "error: $*"; exit 1; }

# --- installation ------------------------------------------------------------------------------

ensure_packages() {
  local p missing=()
  for p in slurm-wlm munge; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return
  say "installing Debian packages: ${missing[*]}"
  local sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  # Debian's postinst scripts would start system-wide daemons where an init system allows it; this
  # script never uses them (containers usually forbid it through policy-rc.d anyway).
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq slurm-wlm munge >/dev/null
}

# --- locking: start/stop from two shells at once must not interleave ----------------------------

# The daemons are started with fd 9 closed (9>&-): one that inherited it would hold the lock forever.
take_lock() {
  mkdir -p "$DIR"
  exec 9>"$DIR/lock"
  flock -w 120 9 || die "another slurm-local.sh has held $DIR/lock for 120 s"
}

# --- processes ---------------------------------------------------------------------------------

# pid_of NAME: the pid in run/NAME.pid if that process is alive and is NAME, else nothing (status 1).
pid_of() {
  local name=$1 pid
  pid=$(cat "$RUN_DIR/$name.pid" 2>/dev/null) || return 1
  [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null || return 1
  [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "$name" ] || return 1
  echo "$pid"
}

# stop_daemons NAME...: SIGTERM to all at once (each takes ~2 s to exit), wait up to 20 s, SIGKILL.
stop_daemons() {
  local name pid pids=() i
  for name in "$@"; do
    pid=$(pid_of "$name") && kill "$pid" 2>/dev/null && pids+=("$pid")
  done
  for ((i = 0; i < 200; i++)); do
    alive "${pids[@]}" || break
    sleep 0.1
  done
  for pid in "${pids[@]}"; do
    kill -0 "$pid" 2>/dev/null || continue
    say "$(cat "/proc/$pid/comm" 2>/dev/null) ($pid) ignored SIGTERM for 20 s; killing it"
    kill -KILL "$pid" 2>/dev/null || true
  done
  while alive "${pids[@]}"; do sleep 0.1; done
  for name in "$@"; do rm -f "$RUN_DIR/$name.pid"; done
}

# alive PID...: whether any of them still runs.
alive() {
  local pid
  for pid in "$@"; do kill -0 "$pid" 2>/dev/null && return 0; done
  return 1
}

# The slurmstepd processes of this cluster: each one has a socket in our SlurmdSpoolDir, named
# NODE_JOBID.STEPID, and its command line names the step: "slurmstepd: [JOBID.batch]".
cluster_stepds() {
  local f job pid
  for f in "$DIR"/spool/"${NODE}"_*; do
    [ -S "$f" ] || continue
    job=${f##*/"${NODE}"_}
    job=${job%%.*}
    for pid in $(pgrep -x slurmstepd 2>/dev/null || true); do
      grep -qF "[$job." "/proc/$pid/cmdline" 2>/dev/null && echo "$pid"
    done
  done | sort -u
}

# with_descendants PID...: the pids and all their descendants (the job's processes, for a stepd).
with_descendants() {
  ps -e -o pid= -o ppid= | awk -v roots="$*" '
    BEGIN { n = split(roots, r, " "); for (i = 1; i <= n; i++) keep[r[i]] = 1 }
    { parent[$1] = $2 }
    END {
      do { grew = 0; for (p in parent) if (!(p in keep) && (parent[p] in keep)) { keep[p] = 1; grew = 1 } } while (grew)
      for (p in keep) print p
    }'
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# --- configuration -----------------------------------------------------------------------------

make_dirs() {
  mkdir -p "$DIR/etc" "$DIR/state" "$DIR/spool" "$LOG_DIR" "$RUN_DIR" "$MUNGE_DIR"
  # munged wants its socket directory searchable by all and writable only by its owner.
  chmod 755 "$MUNGE_DIR"
}

make_munge_key() {
  [ -s "$MUNGE_DIR/munge.key" ] && return
  mungekey --create --keyfile="$MUNGE_DIR/munge.key"
  chmod 600 "$MUNGE_DIR/munge.key"
}

write_config() {
  local cpus mem_kib mem
  cpus=$(nproc)
  mem_kib=$(awk '/^MemTotal:/ {print $2}' /proc/meminfo)
  mem=$((mem_kib / 1024 - MEM_MARGIN))
  [ "$mem" -ge 256 ] || mem=256
  : >"$DIR/etc/plugstack.conf" # an empty one, so that /etc/slurm/plugstack.conf is not read
  cat >"$CONF.new" <<EOF
# Generated by scripts/slurm-local.sh; rewritten on every start.
ClusterName=finetune
SlurmctldHost=$NODE(127.0.0.1)
SlurmctldPort=$CTLD_PORT
SlurmdPort=$SLURMD_PORT
SlurmUser=$(id -un)
SlurmdUser=$(id -un)
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$MUNGE_SOCKET
PlugStackConfig=$DIR/etc/plugstack.conf

StateSaveLocation=$DIR/state
SlurmdSpoolDir=$DIR/spool
SlurmctldPidFile=$RUN_DIR/slurmctld.pid
SlurmdPidFile=$RUN_DIR/slurmd.pid
SlurmctldLogFile=$LOG_DIR/slurmctld.log
SlurmdLogFile=$LOG_DIR/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info

# No systemd, no cgroups: track processes through /proc, do not bind tasks.
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
MpiDefault=none
MailProg=/bin/true
SwitchType=switch/none

# CPUs and memory are consumable, so that --cpus-per-task and --mem are honoured.
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU_Memory
# A job without --mem gets its CPUs' share of the node, not all of it (Slurm's default).
DefMemPerCPU=$((mem / cpus))
SchedulerType=sched/backfill
# Start a submitted job within ~1 s rather than Slurm's default of up to 3 s.
SchedulerParameters=batch_sched_delay=0

# Memory limits are enforced by polling every second and killing the step that exceeds --mem.
JobAcctGatherType=jobacct_gather/linux
JobAcctGatherFrequency=task=1
JobAcctGatherParams=OverMemoryKill

# No accounting database (sacct needs slurmdbd); one line per finished job in jobcomp.txt instead.
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/filetxt
JobCompLoc=$LOG_DIR/jobcomp.txt

# Finished jobs stay visible to squeue/scontrol for an hour; limits are enforced quickly.
MinJobAge=3600
KillWait=5
OverTimeLimit=0
MessageTimeout=10
InactiveLimit=0
ReturnToService=2
SlurmdTimeout=300

NodeName=$NODE NodeAddr=127.0.0.1 NodeHostname=$NODE CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=local Nodes=$NODE Default=YES MaxTime=INFINITE State=UP
EOF
  mv "$CONF.new" "$CONF"
}

# --- daemons -----------------------------------------------------------------------------------

start_munged() {
  pid_of munged >/dev/null && return
  rm -f "$MUNGE_SOCKET" "$MUNGE_SOCKET.lock"
  munged --socket="$MUNGE_SOCKET" --key-file="$MUNGE_DIR/munge.key" \
    --pid-file="$RUN_DIR/munged.pid" --log-file="$LOG_DIR/munged.log" \
    --seed-file="$MUNGE_DIR/munged.seed" 9>&- \
    || fail "munged did not start"
  munge --socket="$MUNGE_SOCKET" -n | unmunge --socket="$MUNGE_SOCKET" >/dev/null \
    || fail "munged runs but does not answer on $MUNGE_SOCKET"
}

start_slurm_daemons() {
  local port
  if ! pid_of slurmctld >/dev/null; then
    port_in_use "$CTLD_PORT" && fail "port $CTLD_PORT is taken (set FINETUNE_SLURM_CTLD_PORT)"
    slurmctld -f "$CONF" 9>&- || fail "slurmctld did not start"
  fi
  if ! pid_of slurmd >/dev/null; then
    port=$SLURMD_PORT
    port_in_use "$port" && fail "port $port is taken (set FINETUNE_SLURM_SLURMD_PORT)"
    slurmd -f "$CONF" -N "$NODE" 9>&- || fail "slurmd did not start"
  fi
}

node_state() { sinfo -h -N -n "$NODE" -o '%T' 2>/dev/null | head -n1; }

wait_until_idle() {
  local deadline=$((SECONDS + TIMEOUT)) state=""
  while ((SECONDS < deadline)); do
    state=$(node_state)
    case $state in idle | mixed | allocated | completing) return 0 ;; esac
    # daemons that died will not come back: no need to wait for the deadline
    for d in munged slurmctld slurmd; do pid_of "$d" >/dev/null || fail "$d exited"; done
    sleep 0.5
  done
  fail "node $NODE is not idle after $TIMEOUT s (sinfo says: '${state:-no answer}')"
}

# fail MESSAGE: show what the daemons logged, stop them, exit 1.
fail() {
  say "error: $*"
  local f
  for f in munged slurmctld slurmd; do
    [ -s "$LOG_DIR/$f.log" ] || continue
    echo "---- tail of $LOG_DIR/$f.log" >&2
    tail -n 15 "$LOG_DIR/$f.log" >&2
  done
  stop_all
  exit 1
}

cancel_jobs() {
  pid_of slurmctld >/dev/null || return 0
  local jobs i
  jobs=$(squeue -h -t PD,CF,R,S,CG -o '%A' 2>/dev/null | sort -u) || true
  [ -n "$jobs" ] && scancel $jobs 2>/dev/null || true
  # let slurmd end the steps (SIGTERM, then SIGKILL after KillWait=5)
  for ((i = 0; i < 150; i++)); do
    [ -z "$(cluster_stepds)" ] && return
    sleep 0.1
  done
}

stop_all() {
  local pids
  cancel_jobs
  stop_daemons slurmd slurmctld munged
  # steps that outlived slurmd (it died, or they ignored the cancel): kill them and their jobs
  pids=$(cluster_stepds)
  if [ -n "$pids" ]; then
    pids=$(with_descendants $pids)
    say "killing leftover job processes:" $pids
    kill -KILL $pids 2>/dev/null || true
  fi
}

is_up() {
  pid_of munged >/dev/null && pid_of slurmctld >/dev/null && pid_of slurmd >/dev/null \
    && [ -n "$(node_state)" ]
}

# --- commands ----------------------------------------------------------------------------------

cmd_start() {
  ensure_packages
  take_lock
  if is_up; then return 0; fi
  local t0=$SECONDS
  make_dirs
  make_munge_key
  write_config
  start_munged
  start_slurm_daemons
  wait_until_idle
  say "up in $((SECONDS - t0)) s: node $NODE ($(nproc) CPUs), partition local; state in $DIR"
}

cmd_stop() {
  [ -d "$DIR" ] || return 0
  take_lock
  stop_all
}

cmd_status() {
  if is_up; then
    echo "slurm-local: up in $DIR, node $NODE is $(node_state)"
  else
    echo "slurm-local: down ($DIR)"
    return 1
  fi
}

cmd_env() {
  echo "export SLURM_CONF=$CONF"
  echo "export FINETUNE_SLURM_DIR=$DIR"
}

case ${1:-} in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  env) cmd_env ;;
  *) echo "usage: $0 start|stop|status|env" >&2; exit 2 ;;
esac
