// harness.cc: Tandem's solver against LEMON and a greedy pass, same run.
//
//   harness INSTANCE [--objective cardinality|total] [--lemon-timeout S]
//           [--repeat N] [--no-lemon]
//
// Reads INSTANCE once (Tandem's parser), then times: Tandem's match_solve
// (best of N runs, default 3; its certificate check apart), LEMON's NetworkSimplex and
// CostScaling on the min-cost-flow form (each in a child process killed
// after the timeout), and a greedy pass (pairs by score, taken while
// capacity lasts). Checks that the objectives agree and prints a report.
// Benchmark-only code: C++ for LEMON.
#include <lemon/cost_scaling.h>
#include <lemon/network_simplex.h>
#include <lemon/smart_graph.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <numeric>
#include <string>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

extern "C" {
#include "match/instance.h"
#include "match/solve.h"
}

static double now()
{
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

struct lemon_out {
  int ok;           // 1 solved, 0 failed
  long long total;  // total score
  long long matched;
  double build_s, solve_s;
};

// Min-cost flow: s -> mentee (1) -> mentor (1 per edge) -> t (capacity),
// plus s -> t so that mentees may stay unmatched. Costs are negated
// weights; for the cardinality objective each pair weighs score + bonus.
static lemon_out run_lemon(const match_instance &in, int algo, bool card)
{
  using namespace lemon;
  lemon_out o{};
  double t0 = now();
  SmartDigraph g;
  long long places = 0;
  for (uint32_t j = 0; j < in.n_mentors; j++)
    places += in.capacity[j];
  long long k = std::min<long long>(in.n_mentees, places);
  long long bonus = card ? k * 1000 + 1 : 0;
  g.reserveNode(in.n_mentees + in.n_mentors + 2);
  g.reserveArc(in.n_edges + in.n_mentees + in.n_mentors + 1);
  SmartDigraph::Node s = g.addNode(), t = g.addNode();
  std::vector<SmartDigraph::Node> e(in.n_mentees), m(in.n_mentors);
  for (auto &v : e)
    v = g.addNode();
  for (auto &v : m)
    v = g.addNode();
  SmartDigraph::ArcMap<long long> cap(g), cost(g);
  for (uint32_t i = 0; i < in.n_mentees; i++) {
    auto a = g.addArc(s, e[i]);
    cap[a] = 1;
    cost[a] = 0;
  }
  int first_edge = -1;
  for (size_t q = 0; q < in.n_edges; q++) {
    auto a = g.addArc(e[in.mentee[q]], m[in.mentor[q]]);
    if (first_edge < 0)
      first_edge = g.id(a);
    cap[a] = 1;
    cost[a] = -(in.score[q] + bonus);
  }
  for (uint32_t j = 0; j < in.n_mentors; j++) {
    auto a = g.addArc(m[j], t);
    cap[a] = in.capacity[j];
    cost[a] = 0;
  }
  auto by = g.addArc(s, t);
  cap[by] = k;
  cost[by] = 0;
  double t1 = now();
  long long flowcost = 0;
  std::vector<long long> flow(in.n_edges);
  if (algo == 0) {
    NetworkSimplex<SmartDigraph, long long, long long> ns(g);
    ns.upperMap(cap).costMap(cost).stSupply(s, t, k);
    o.ok = ns.run() == NetworkSimplex<SmartDigraph, long long,
                                      long long>::OPTIMAL;
    if (o.ok)
      for (size_t q = 0; q < in.n_edges; q++)
        flow[q] = ns.flow(g.arcFromId(first_edge + (int)q));
  } else {
    CostScaling<SmartDigraph, long long, long long> cs(g);
    cs.upperMap(cap).costMap(cost).stSupply(s, t, k);
    o.ok = cs.run() ==
           CostScaling<SmartDigraph, long long, long long>::OPTIMAL;
    if (o.ok)
      for (size_t q = 0; q < in.n_edges; q++)
        flow[q] = cs.flow(g.arcFromId(first_edge + (int)q));
  }
  double t2 = now();
  (void)flowcost;
  for (size_t q = 0; q < in.n_edges; q++)
    if (flow[q]) {
      o.total += in.score[q];
      o.matched++;
    }
  o.build_s = t1 - t0;
  o.solve_s = t2 - t1;
  return o;
}

// Run LEMON in a child with a time limit. ok = -1 on timeout.
static lemon_out run_lemon_limited(const match_instance &in, int algo,
                                   bool card, int timeout)
{
  int fds[2];
  lemon_out o{};
  if (pipe(fds))
    return o;
  pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    lemon_out r = run_lemon(in, algo, card);
    ssize_t w = write(fds[1], &r, sizeof(r));
    _exit(w == (ssize_t)sizeof(r) ? 0 : 1);
  }
  close(fds[1]);
  double start = now();
  int status;
  for (;;) {
    pid_t w = waitpid(pid, &status, WNOHANG);
    if (w == pid)
      break;
    if (now() - start > timeout) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      close(fds[0]);
      o.ok = -1;
      o.solve_s = timeout;
      return o;
    }
    usleep(20000);
  }
  if (read(fds[0], &o, sizeof(o)) != (ssize_t)sizeof(o))
    o.ok = 0;
  close(fds[0]);
  return o;
}

struct greedy_out {
  long long total, matched, worst;
  double s;
};

static greedy_out run_greedy(const match_instance &in)
{
  greedy_out g{0, 0, -1, 0};
  double t0 = now();
  std::vector<uint32_t> order(in.n_edges);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    return in.score[a] > in.score[b];
  });
  std::vector<int32_t> left(in.capacity, in.capacity + in.n_mentors);
  std::vector<char> taken(in.n_mentees, 0);
  for (uint32_t q : order) {
    uint32_t x = in.mentee[q], j = in.mentor[q];
    if (taken[x] || left[j] <= 0)
      continue;
    taken[x] = 1;
    left[j]--;
    g.total += in.score[q];
    g.matched++;
    if (g.worst < 0 || in.score[q] < g.worst)
      g.worst = in.score[q];
  }
  g.s = now() - t0;
  return g;
}

static long peak_kb()
{
  rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_maxrss;
}

int main(int argc, char **argv)
{
  const char *path = nullptr;
  bool card = true, lemon = true;
  int timeout = 120, repeat = 3;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--objective") && i + 1 < argc) {
      card = strcmp(argv[++i], "total") != 0;
    } else if (!strcmp(argv[i], "--lemon-timeout") && i + 1 < argc) {
      timeout = (int)strtol(argv[++i], nullptr, 10);
    } else if (!strcmp(argv[i], "--repeat") && i + 1 < argc) {
      repeat = (int)strtol(argv[++i], nullptr, 10);
      if (repeat < 1)
        repeat = 1;
    } else if (!strcmp(argv[i], "--no-lemon")) {
      lemon = false;
    } else {
      path = argv[i];
    }
  }
  if (!path) {
    fprintf(stderr, "usage: harness INSTANCE [--objective cardinality|total]"
                    " [--lemon-timeout S] [--no-lemon]\n");
    return 2;
  }

  // read with Tandem's streaming parser
  double t0 = now();
  int fd = open(path, O_RDONLY);
  if (fd < 0) {
    perror(path);
    return 2;
  }
  match_parser ps;
  match_instance in{};
  match_parser_init(&ps);
  std::vector<char> buf(1 << 22);
  int rc = 0;
  for (;;) {
    ssize_t n = read(fd, buf.data(), buf.size());
    if (n <= 0) {
      rc = match_parser_finish(&ps, &in);
      break;
    }
    if ((rc = match_parser_feed(&ps, buf.data(), (size_t)n)))
      break;
  }
  close(fd);
  if (rc) {
    fprintf(stderr, "%s:%llu: %s\n", path, (unsigned long long)ps.err_line,
            ps.err);
    return 2;
  }
  double read_s = now() - t0;
  long kb_after_read = peak_kb();

  match_problem p{};
  p.n_mentees = in.n_mentees;
  p.n_mentors = in.n_mentors;
  p.capacity = in.capacity;
  p.n_edges = in.n_edges;
  p.mentee = in.mentee;
  p.mentor = in.mentor;
  p.score = in.score;
  p.objective = card ? MATCH_CARDINALITY : MATCH_TOTAL;
  // the best of `repeat` solves: the machine may be shared
  match_result r;
  double solve_s = 0;
  for (int k = 0; k < repeat; k++) {
    if (k)
      match_result_free(&r);
    double t1 = now();
    if (match_solve(&p, &r)) {
      fprintf(stderr, "tandem failed\n");
      return 1;
    }
    if (k == 0 || now() - t1 < solve_s)
      solve_s = now() - t1;
  }
  double t2 = now();
  int proven = match_check(&p, &r) == 0;
  double check_s = now() - t2;
  long kb_tandem = peak_kb();
  double edge_mb = in.n_edges * 12.0 / 1e6;

  greedy_out g = run_greedy(in);

  printf("instance %s: %u mentees, %u mentors, %zu edges (%.0f MB as "
         "arrays), objective %s\n",
         path, in.n_mentees, in.n_mentors, in.n_edges, edge_mb,
         card ? "cardinality" : "total");
  printf("tandem   read %.3f s  solve %.3f s  check %.3f s  total %lld  "
         "matched %zu  worst %d  proven %s  peak %.0f MB (%.2fx edges; "
         "%.0f MB after read)\n",
         read_s, solve_s, check_s, (long long)r.total, r.matched,
         r.min_pair_score, proven ? "yes" : "NO", kb_tandem * 1.024e-3,
         kb_tandem * 1.024e-3 / (edge_mb ? edge_mb : 1),
         kb_after_read * 1.024e-3);
  printf("greedy   %.3f s  total %lld  matched %lld (unmatched %lld more "
         "than optimal)  worst %lld\n",
         g.s, g.total, g.matched, (long long)r.matched - g.matched, g.worst);
  double best_lemon = -1;
  int agree = 1;
  if (lemon) {
    const char *names[2] = {"NetworkSimplex", "CostScaling"};
    for (int a = 0; a < 2; a++) {
      lemon_out o = run_lemon_limited(in, a, card, timeout);
      if (o.ok == 1) {
        int same = o.total == r.total && o.matched == (long long)r.matched;
        agree &= same;
        printf("lemon    %-15s build %.3f s  solve %.3f s  total %lld  "
               "matched %lld  %s  ratio %.1fx\n",
               names[a], o.build_s, o.solve_s, o.total, o.matched,
               same ? "agrees" : "DISAGREES", o.solve_s / solve_s);
        if (best_lemon < 0 || o.solve_s < best_lemon)
          best_lemon = o.solve_s;
      } else {
        printf("lemon    %-15s %s\n", names[a],
               o.ok < 0 ? "did not finish within the time limit"
                        : "failed");
      }
    }
  }
  printf("summary  tandem_solve %.3f  best_lemon %s%.3f  speedup %s%.1fx  "
         "objectives %s\n",
         solve_s, best_lemon < 0 ? ">" : "",
         best_lemon < 0 ? (double)timeout : best_lemon,
         best_lemon < 0 ? ">" : "",
         (best_lemon < 0 ? timeout : best_lemon) / solve_s,
         best_lemon < 0 ? "not compared (no LEMON result)"
                        : agree ? "agree" : "DISAGREE");
  match_result_free(&r);
  match_instance_free(&in);
  return agree ? 0 : 1;
}
