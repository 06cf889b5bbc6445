/** The clients resource: input rules, R2DBC repository and controller. */
package org.clientsapi.clients;
