# Offline cross-check of the joint-mode fit against Stan (Debian: apt-get install r-cran-rstan r-cran-jsonlite).
#   cd packages/timber && node_modules/.bin/tsx bench/index.ts --json /tmp/paper.json   # also prints our fit
#   Rscript bench/stan/run-stan.R /tmp/paper.json
# Not run by the tests and not run in the session that wrote the package (rstan was not installed).
library(rstan)
library(jsonlite)
args <- commandArgs(trailingOnly = TRUE)
d <- fromJSON(args[1])
X <- as.matrix(d$X)
binary <- apply(X, 2, function(col) all(col %in% c(0, 1)))
for (j in which(!binary)) X[, j] <- (X[, j] - mean(X[, j])) / sd(X[, j])   # sd() uses n - 1, as the package
grp <- as.integer(factor(d$groups, levels = unique(d$groups)))
fit <- stan(file.path(dirname(sub("--file=", "", grep("--file=", commandArgs(), value = TRUE))), "reuse_joint.stan"),
            data = list(N = nrow(X), P = ncol(X), G = max(grp), X = X, g = grp, r = d$r,
                        tau0 = 1, slab_scale = 2, slab_df = 4),
            chains = 4, iter = 2000, warmup = 1000, seed = 1, control = list(adapt_delta = 0.8))
print(fit, pars = c("beta", "mu", "sigma", "tau", "a", "s"), probs = c(0.05, 0.5, 0.95))
