# Offline cross-check of @wc/timber's joint-mode fit against Stan (rstan). Not run by the tests.
# Debian: apt-get install r-cran-rstan r-cran-jsonlite
#   cd packages/timber
#   tsx bench/stan-compare.ts [dir]   # data.json + timber-draws.json (the package's fit)
#   Rscript bench/stan/run-stan.R [dir]   # fits reuse_joint.stan, prints the comparison
#   (options: a 2nd argument = Stan's seed, default 1; --random-inits; --reuse to re-summarise saved draws)
# Both fits are summarised here with the same code, rstan::monitor: mean, MCSE of the mean, 5% / 95%
# quantiles with their MCSE (Vehtari, Gelman, Simpson, Carpenter and Buerkner 2021), bulk ESS, R-hat.
suppressPackageStartupMessages({
  library(rstan)
  library(jsonlite)
})
args <- commandArgs(trailingOnly = TRUE)
pos <- args[!startsWith(args, "--")]
dir <- if (length(pos) >= 1) pos[1] else file.path(tempdir(), "..", "timber-stan")
stan_seed <- if (length(pos) >= 2) as.integer(pos[2]) else 1L   # optional 2nd argument: Stan's seed (default 1)
reuse <- "--reuse" %in% args   # summarise the Stan draws saved by an earlier run (<dir>/stan-sims.rds)
# default: start each chain as src/fit.ts (initPoint) does, with the emission means at the 90/50/10%
# quantiles of R; `--random-inits` uses Stan's default uniform(-2, 2) inits on the unconstrained scale
random_inits <- "--random-inits" %in% args
here <- dirname(normalizePath(sub("--file=", "", grep("--file=", commandArgs(), value = TRUE))))
d <- fromJSON(file.path(dir, "data.json"))

# standardise as the package does (src/design-matrix.ts): every column that is not 0/1 gets
# (x - mean) / sd with sd over n - 1; 0/1 indicator columns are left as they are
X <- as.matrix(d$X)
binary <- apply(X, 2, function(col) all(col %in% c(0, 1)))
for (j in which(!binary)) X[, j] <- (X[, j] - mean(X[, j])) / sd(X[, j])
grp <- as.integer(factor(d$groups, levels = unique(d$groups)))   # first-seen order, as the package
N <- nrow(X); P <- ncol(X); G <- max(grp)

compared <- c("t12", "t23", sprintf("beta[%d,%d]", rep(1:P, 2), rep(1:2, each = P)),
              "mu[1]", "mu[2]", "mu[3]", "sigma[1]", "sigma[2]", "sigma[3]", "a[1]", "a[2]", "s[1]", "s[2]", "tau", "c2")
if (reuse) {
  saved <- readRDS(file.path(dir, "stan-sims.rds"))
  stan_sims <- saved$sims; meta <- saved$meta
} else {
  rstan_options(auto_write = FALSE)
  # Debian's r-cran-bh ships no include/ folder (the headers come from libboost-dev in /usr/include),
  # so rstan's default boost_lib is empty and stan_model() stops with "Boost not found"
  if (!file.exists(rstan_options("boost_lib")) && file.exists("/usr/include/boost/version.hpp")) rstan_options(boost_lib = "/usr/include")
  t0 <- proc.time()
  sm <- stan_model(file.path(here, "reuse_joint.stan"))
  t_compile <- (proc.time() - t0)[["elapsed"]]
  set.seed(stan_seed)
  rs <- sort(d$r); at_q <- function(p) rs[min(N, floor(p * (N - 1)) + 1)]
  m1 <- at_q(0.9); m2 <- min(at_q(0.5), m1 - 0.01); m3 <- min(at_q(0.1), m2 - 0.01)
  jit <- function(n, w) w * (2 * runif(n) - 1)
  init_fun <- function() list(
    a = jit(2, 0.5), s = 0.5 * exp(jit(2, 0.5)), v = matrix(jit(2 * G, 0.5), G, 2), z = matrix(jit(2 * P, 0.5), P, 2),
    lambda = matrix(exp(jit(2 * P, 1)), P, 2), tau = 0.5 * exp(jit(1, 0.5)), c2 = 4 * exp(jit(1, 0.5)),
    m = m1 + jit(1, 0.01), d = c(log(m1 - m2), log(m2 - m3)) + jit(2, 0.2), sigma = 0.05 * exp(jit(3, 0.3)))
  inits <- if (random_inits) "random" else lapply(1:4, function(c) init_fun())
  t0 <- proc.time()
  fit <- sampling(sm, init = inits,
    data = list(N = N, P = P, G = G, X = X, g = grp, r = d$r, tau0 = 1, slab_scale = 2, slab_df = 4),
    chains = 4, iter = 2000, warmup = 1000, seed = stan_seed, cores = min(4L, parallel::detectCores()),
    control = list(adapt_delta = 0.8, max_treedepth = 10), refresh = 0)
  t_sample <- (proc.time() - t0)[["elapsed"]]

  # ---- thresholds per draw, exactly as src/fit.ts: pi-bar = mean class probability over the training
  # specimens; t = where pi_hi N(t | mu_hi, sd_hi) = pi_lo N(t | mu_lo, sd_lo), 60 bisection steps on
  # [mu_lo, mu_hi], the endpoint with the smaller |difference| if they do not cross (src/thresholds.ts)
  boundary <- function(ph, mh, sh, pl, ml, sl) {
    f <- function(t) log(ph) + dnorm(t, mh, sh, log = TRUE) - log(pl) - dnorm(t, ml, sl, log = TRUE)
    lo <- ml; hi <- mh; flo <- f(lo); fhi <- f(hi)
    if (!(flo < 0 && fhi > 0)) return(if (abs(flo) <= abs(fhi)) lo else hi)
    for (it in 1:60) { mid <- 0.5 * (lo + hi); if (f(mid) > 0) hi <- mid else lo <- mid }
    0.5 * (lo + hi)
  }
  A <- as.array(fit)                       # iterations x chains x parameters
  pn <- dimnames(A)[[3]]
  at <- function(name) A[, , name]
  nI <- dim(A)[1]; nC <- dim(A)[2]
  T12 <- matrix(NA_real_, nI, nC); T23 <- matrix(NA_real_, nI, nC)
  for (c in 1:nC) for (i in 1:nI) {
    par <- A[i, c, ]
    B <- matrix(par[sprintf("beta[%d,%d]", rep(1:P, 2), rep(1:2, each = P))], P, 2)
    V <- matrix(par[sprintf("v[%d,%d]", rep(1:G, 2), rep(1:2, each = G))], G, 2)
    e2 <- par[["a[1]"]] + par[["s[1]"]] * V[grp, 1] + X %*% B[, 1]
    e3 <- par[["a[2]"]] + par[["s[2]"]] * V[grp, 2] + X %*% B[, 2]
    mx <- pmax(0, e2, e3)
    den <- exp(-mx) + exp(e2 - mx) + exp(e3 - mx)
    bar <- pmax(c(mean(exp(-mx) / den), mean(exp(e2 - mx) / den), mean(exp(e3 - mx) / den)), 1e-300)
    mu <- par[c("mu[1]", "mu[2]", "mu[3]")]; sg <- par[c("sigma[1]", "sigma[2]", "sigma[3]")]
    T12[i, c] <- boundary(bar[1], mu[1], sg[1], bar[2], mu[2], sg[2])
    T23[i, c] <- boundary(bar[2], mu[2], sg[2], bar[3], mu[3], sg[3])
  }

  stan_sims <- array(NA_real_, c(nI, nC, length(compared)), dimnames = list(NULL, NULL, compared))
  for (nm in compared) stan_sims[, , nm] <- if (nm == "t12") T12 else if (nm == "t23") T23 else at(nm)
  sp <- get_sampler_params(fit, inc_warmup = FALSE)
  meta <- list(
    versions = sprintf("R %s, rstan %s, Stan %s", getRversion(), packageVersion("rstan"), stan_version()),
    inits = if (random_inits) "Stan's random inits" else "data-quantile inits as src/fit.ts",
    seed = stan_seed, chains = nC, draws = nI, compile = t_compile, sample = t_sample,
    divergences = sum(sapply(sp, function(x) sum(x[, "divergent__"]))),
    stepsize = sapply(sp, function(x) mean(x[, "stepsize__"])),
    treedepth10 = sum(sapply(sp, function(x) sum(x[, "treedepth__"] >= 10))),
    meanLeapfrog = mean(sapply(sp, function(x) mean(x[, "n_leapfrog__"]))),
    bfmi = get_bfmi(fit))
  saveRDS(list(sims = stan_sims, meta = meta), file.path(dir, "stan-sims.rds"))
}
nI <- dim(stan_sims)[1]; nC <- dim(stan_sims)[2]

tj <- fromJSON(file.path(dir, "timber-draws.json"))
wc_sims <- array(NA_real_, c(tj$perChain, tj$chains, length(compared)), dimnames = list(NULL, NULL, compared))
for (nm in compared) wc_sims[, , nm] <- matrix(tj$draws[[nm]], tj$perChain, tj$chains)   # chain-major

summ <- function(sims) {
  mon <- monitor(sims, warmup = 0, probs = c(0.05, 0.95), print = FALSE)
  data.frame(mean = mon[, "mean"], mcse = mon[, "se_mean"], sd = mon[, "sd"],
             q05 = mon[, "5%"], q95 = mon[, "95%"],
             mq05 = mon[, "MCSE_Q5"], mq95 = mon[, "MCSE_Q95"],
             ess = mon[, "Bulk_ESS"], rhat = mon[, "Rhat"], row.names = dimnames(sims)[[3]])
}
S_ <- summ(stan_sims); W_ <- summ(wc_sims)
z <- (W_$mean - S_$mean) / sqrt(W_$mcse^2 + S_$mcse^2)
z05 <- (W_$q05 - S_$q05) / sqrt(W_$mq05^2 + S_$mq05^2)
z95 <- (W_$q95 - S_$q95) / sqrt(W_$mq95^2 + S_$mq95^2)

cat(sprintf("%s; %s; %d chains x %d draws (1000 warmup), seed %d; compile %.0f s, sampling %.0f s wall\n",
            meta$versions, meta$inits, meta$chains, meta$draws, meta$seed, meta$compile, meta$sample))
cat(sprintf("Stan: divergences %d, step sizes %s, mean leapfrog steps %.0f, max-treedepth hits %d, E-BFMI %s\n", meta$divergences,
            paste(sprintf("%.3f", meta$stepsize), collapse = "/"), meta$meanLeapfrog, meta$treedepth10,
            paste(sprintf("%.2f", meta$bfmi), collapse = "/")))
cat(sprintf("@wc/timber: divergences %d, step sizes %s, %.0f s wall\n\n", tj$divergences,
            paste(sprintf("%.3f", tj$stepSize), collapse = "/"), tj$seconds))
names_out <- c(t12 = "t12", t23 = "t23")
fn <- d$names
for (k in 1:2) for (j in 1:P) names_out[sprintf("beta[%d,%d]", j, k)] <- sprintf("beta L%d %s", k + 1, fn[j])
lab <- function(nm) if (nm %in% names(names_out)) names_out[[nm]] else nm
f4 <- function(x) sprintf("%.4f", x)
cat("| scalar | @wc/timber mean [90%] | Stan mean [90%] | z mean | z q05 | z q95 | ESS timber / Stan | R-hat timber / Stan |\n")
cat("| --- | --- | --- | --- | --- | --- | --- | --- |\n")
for (i in seq_along(compared)) {
  cat(sprintf("| %s | %s [%s, %s] | %s [%s, %s] | %+.1f | %+.1f | %+.1f | %.0f / %.0f | %.3f / %.3f |\n", lab(compared[i]),
              f4(W_$mean[i]), f4(W_$q05[i]), f4(W_$q95[i]), f4(S_$mean[i]), f4(S_$q05[i]), f4(S_$q95[i]),
              z[i], z05[i], z95[i], W_$ess[i], S_$ess[i], W_$rhat[i], S_$rhat[i]))
}
cat(sprintf("\nmax |z| of the means: %.2f; of the 5%%/95%% quantiles: %.2f (%d scalars; under agreement |z| is about N(0, 1))\n",
            max(abs(z)), max(abs(c(z05, z95))), length(compared)))
cat("per-chain Stan means of t12, t23, mu[2]:\n"); print(round(apply(stan_sims[, , c("t12", "t23", "mu[2]")], c(2, 3), mean), 4))
saveRDS(list(stan = S_, timber = W_, z = z, z05 = z05, z95 = z95), file.path(dir, "comparison.rds"))
