/** problem+json errors, written the same way by security filters and controller advice. */
package org.clientsapi.web;
