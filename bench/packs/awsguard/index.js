// @pulumi/awsguard 0.3.1 as published: its AwsGuard class is the PolicyPack (README "Trying AWSGuard").
// Every policy mandatory, with its default configuration, so the coverage bench counts each one it has.
"use strict";
const { AwsGuard } = require("@pulumi/awsguard");

new AwsGuard("awsguard", { all: "mandatory" });
