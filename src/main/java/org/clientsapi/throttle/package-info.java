/** Throttling as in DRF (rates, anonymous, user, scoped), but exact under concurrency and shared over Redis. */
package org.clientsapi.throttle;
