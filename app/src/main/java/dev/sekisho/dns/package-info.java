/**
 * Rules by domain name: a bounded DNS message reader, the learner that turns answers into elements of the
 * rules' address sets, and the forwarder on the gateway's LAN address that records an answer's addresses
 * before it passes the answer on (so no connection can race its own DNS answer).
 */
package dev.sekisho.dns;
