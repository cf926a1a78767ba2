// The joint-mode multinomial reuse model of @wc/timber (spec section 3, steps 4-7), for an offline
// comparison of posterior means. Same priors and parametrisation as src/model/log-posterior.ts.
// Written in the Stan 2.21 language of Debian 12's rstan 2.21.7 (old array syntax, local variables
// declared at the top of their block); Stan >= 2.33 wants `array[N] int<...> g;` instead.
data {
  int<lower=1> N;
  int<lower=1> P;
  int<lower=1> G;
  matrix[N, P] X;                 // already standardised as the package does
  int<lower=1, upper=G> g[N];
  vector[N] r;
  real<lower=0> tau0;
  real<lower=0> slab_scale;
  real<lower=0> slab_df;
}
parameters {
  vector[2] a;
  vector<lower=0>[2] s;
  matrix[G, 2] v;
  matrix[P, 2] z;
  matrix<lower=0>[P, 2] lambda;
  real<lower=0> tau;
  real<lower=0> c2;
  real m;
  vector[2] d;
  vector<lower=0>[3] sigma;
}
transformed parameters {
  matrix[P, 2] beta;
  vector[3] mu;
  for (k in 1:2) for (j in 1:P) {
    real lt2 = c2 * square(lambda[j, k]) / (c2 + square(tau * lambda[j, k]));
    beta[j, k] = z[j, k] * tau * sqrt(lt2);
  }
  mu[1] = m;
  mu[2] = m - exp(d[1]);
  mu[3] = mu[2] - exp(d[2]);
}
model {
  a ~ normal(0, 2.5);
  s ~ normal(0, 1);
  to_vector(v) ~ std_normal();
  to_vector(z) ~ std_normal();
  to_vector(lambda) ~ cauchy(0, 1);
  tau ~ cauchy(0, tau0);
  c2 ~ inv_gamma(slab_df / 2, slab_df * square(slab_scale) / 2);
  m ~ normal(1, 0.1);
  d ~ normal(log(0.1), 1);
  sigma ~ normal(0, 0.1);
  for (i in 1:N) {
    vector[3] eta;
    vector[3] lp;
    eta[1] = 0;
    eta[2] = a[1] + s[1] * v[g[i], 1] + X[i] * beta[, 1];
    eta[3] = a[2] + s[2] * v[g[i], 2] + X[i] * beta[, 2];
    lp = log_softmax(eta);
    for (k in 1:3) lp[k] += normal_lpdf(r[i] | mu[k], sigma[k]);
    target += log_sum_exp(lp);
  }
}
