/** What every Nova service process shares: periodic tasks. */
package org.novasim.nova.service;
