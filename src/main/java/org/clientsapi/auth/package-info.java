/** Users and DRF-style tokens: authentication, login and logout, and the command-line tasks. */
package org.clientsapi.auth;
