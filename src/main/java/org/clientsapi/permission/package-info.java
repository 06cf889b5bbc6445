/** Reactive permissions as in DRF: small named classes, composable, attached per route in one place. */
package org.clientsapi.permission;
