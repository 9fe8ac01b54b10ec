"""Starts moto's server (pinned 5.2.6, scripts/install-moto.sh) on 127.0.0.1 with a free port,
after patching the gaps that stop a CDK app's bootstrap -> deploy -> destroy cycle.

Usage: python moto-launcher.py [--host 127.0.0.1]
Prints one line `MOTO_LISTENING http://127.0.0.1:<port>` once the socket is bound, then serves
until SIGTERM/SIGINT. The patches only add what AWS does and moto lacks (see
../shared/reference/aws-testbed.md section 11); the deployed code cannot tell them apart:

- ExecuteChangeSet leaves the stack's outputs empty and keeps the executed change set: fill the
  outputs (and exports) from the new template and drop the stack's change sets, as AWS does.
- DescribeChangeSet of a missing change set answers ValidationError: answer ChangeSetNotFound.
- An `AWS::SSM::Parameter::Value<...>` parameter that was already resolved (an update passes the
  previous value) is looked up again as a parameter name: pass such values through. AWS's public
  Debian AMI parameters are not in moto's parameter tree: answer them with one of moto's own AMIs
  of the parameter's architecture (the only fixture here).
- A modified resource whose model has no update handler is dropped: replace it (delete + create).
- No CloudFormation delete for internet gateways, gateway attachments, route tables, routes,
  subnet associations, NAT gateways, Elastic IPs, VPC endpoints and flow logs: delete them through moto's EC2
  backend, so a destroyed stack leaves no VPC behind.
- No `AWS::EC2::PlacementGroup` (a GetAtt on it poisons the stack).
- SSM SendCommand with instance ids and no targets runs on every instance of the region.
- No `AWS::Scheduler::Schedule` (the bed's TTL) and no `AWS::CodeBuild::Project` (campaigns):
  models on moto's own scheduler and CodeBuild backends.

It reaches into moto's internals, which is why the version is pinned.
"""

import argparse
import os
import signal
import sys
from typing import Any

import moto
from moto.cloudformation import models as cfn_models
from moto.cloudformation import parsing
from moto.cloudformation.exceptions import CloudFormationError
from moto.codebuild.models import codebuild_backends
from moto.core.common_models import CloudFormationModel
from moto.ec2.models import ec2_backends
from moto.scheduler.models import scheduler_backends

PINNED = "5.2.6"


class ChangeSetNotFound(CloudFormationError):
    code = "ChangeSetNotFound"

    def __init__(self, name: str):
        super().__init__(f"ChangeSet [{name}] does not exist")


# --- CloudFormation: change sets -------------------------------------------------------------


def _patch_change_sets() -> None:
    backend_cls = cfn_models.CloudFormationBackend
    original_describe = backend_cls.describe_change_set
    original_execute = backend_cls.execute_change_set

    def describe_change_set(self: Any, change_set_name: str) -> Any:
        known = change_set_name in self.change_sets or any(
            cs.change_set_name == change_set_name for cs in self.change_sets.values()
        )
        if not known:
            raise ChangeSetNotFound(change_set_name)
        return original_describe(self, change_set_name)

    def execute_change_set(self: Any, change_set_name: str, stack_name: Any = None) -> None:
        change_set = self.change_sets.get(change_set_name) or next(
            (cs for cs in self.change_sets.values() if cs.change_set_name == change_set_name),
            None,
        )
        if change_set is None:
            raise ChangeSetNotFound(change_set_name)
        original_execute(self, change_set_name, stack_name)
        stack = self.stacks[change_set.stack_id]
        stack.output_map = stack._create_output_map()
        for export in stack.exports:
            self.exports[export.name] = export
        for cs_id in [k for k, cs in self.change_sets.items() if cs.stack_id == stack.stack_id]:
            del self.change_sets[cs_id]

    backend_cls.describe_change_set = describe_change_set
    backend_cls.execute_change_set = execute_change_set


# --- CloudFormation: SSM-typed parameters ----------------------------------------------------

_MOTO_ARCH = {"amd64": "x86_64", "arm64": "arm64"}


def _moto_ami(account_id: str, region: str, arch: str) -> str:
    amis = ec2_backends[account_id][region].amis
    wanted = _MOTO_ARCH.get(arch, arch)
    for ami_id in sorted(amis):
        if getattr(amis[ami_id], "architecture", None) == wanted:
            return ami_id
    raise RuntimeError(f"moto knows no {wanted} AMI in {region}")


def _patch_ssm_parameters() -> None:
    original = parsing.ResourceMap.parse_ssm_parameter

    def parse_ssm_parameter(self: Any, value: str, value_type: str) -> Any:
        if not value.startswith("/"):
            return value  # already resolved: an update passes the previous value
        if value.startswith("/aws/service/debian/"):
            from moto.ssm.models import ssm_backends

            if ssm_backends[self._account_id][self._region_name].get_parameter(value) is None:
                return _moto_ami(self._account_id, self._region_name, value.rsplit("/", 1)[-1])
        return original(self, value, value_type)

    parsing.ResourceMap.parse_ssm_parameter = parse_ssm_parameter


# --- CloudFormation: updates without an update handler ---------------------------------------


def _patch_replacement() -> None:
    original = parsing.parse_and_update_resource

    def parse_and_update_resource(
        logical_id: str, resource_json: dict, resources_map: Any, account_id: str, region_name: str
    ) -> Any:
        cls = parsing.resource_class_from_type(resource_json["Type"])
        if cls is None or not hasattr(
            cls.update_from_cloudformation_json, "__isabstractmethod__"
        ):
            return original(logical_id, resource_json, resources_map, account_id, region_name)
        old = resources_map._parsed_resources.get(logical_id)
        if old is not None and not isinstance(old, str):
            resources_map._delete_resource(old, resources_map._resource_json_map[logical_id])
        return parsing.parse_and_create_resource(
            logical_id, resource_json, resources_map, account_id, region_name
        )

    parsing.parse_and_update_resource = parse_and_update_resource


# --- CloudFormation: deletes moto's EC2 models lack ------------------------------------------


def _ec2(account_id: str, region: str) -> Any:
    return ec2_backends[account_id][region]


def _delete_igw(self: Any, account_id: str, region: str) -> None:
    backend = _ec2(account_id, region)
    if self.vpc is not None:
        backend.detach_internet_gateway(self.id, self.vpc.id)
    backend.delete_internet_gateway(self.id)


def _delete_gateway_attachment(self: Any, account_id: str, region: str) -> None:
    backend = _ec2(account_id, region)
    igw_id = getattr(self, "gateway_id", None)
    vpc_id = getattr(self, "vpc_id", None)
    if igw_id and igw_id.startswith("igw-") and vpc_id:
        igw = backend.internet_gateways.get(igw_id)
        if igw is not None and igw.vpc is not None:
            backend.detach_internet_gateway(igw_id, vpc_id)


def _delete_route_table(self: Any, account_id: str, region: str) -> None:
    backend = _ec2(account_id, region)
    if self.id not in backend.route_tables:
        return
    for association_id in list(self._associations):
        backend.disassociate_route_table(association_id)
    backend.delete_route_table(self.id)


def _delete_route(self: Any, account_id: str, region: str) -> None:
    backend = _ec2(account_id, region)
    table = self.route_table
    if table.id not in backend.route_tables:
        return
    backend.delete_route(table.id, self.destination_cidr_block, self.destination_ipv6_cidr_block)


def _delete_subnet_association(self: Any, account_id: str, region: str) -> None:
    backend = _ec2(account_id, region)
    backend.subnet_associations.pop(f"{self.route_table_id}:{self.subnet_id}", None)
    table = backend.route_tables.get(self.route_table_id)
    if table is None:
        return
    for association_id, subnet_id in list(table._associations.items()):
        if subnet_id == self.subnet_id:
            backend.disassociate_route_table(association_id)


def _delete_nat_gateway(self: Any, account_id: str, region: str) -> None:
    backend = _ec2(account_id, region)
    backend.delete_nat_gateway(self.id)
    # AWS forgets a deleted NAT gateway after a while; moto keeps it "deleted" for ever.
    backend.nat_gateways.pop(self.id, None)


def _delete_eip(self: Any, account_id: str, region: str) -> None:
    backend = _ec2(account_id, region)
    if self.association_id:
        backend.disassociate_address(association_id=self.association_id)
    backend.release_address(allocation_id=self.allocation_id)


def _delete_vpc_endpoint(self: Any, account_id: str, region: str) -> None:
    backend = _ec2(account_id, region)
    # The stack may have deleted a gateway endpoint's route tables first; AWS drops the routes
    # with the tables, moto would fail looking them up.
    self.route_table_ids = [t for t in self.route_table_ids if t in backend.route_tables]
    backend.delete_vpc_endpoints([self.id])


def _delete_flow_log(self: Any, account_id: str, region: str) -> None:
    _ec2(account_id, region).delete_flow_logs([self.id])


def _patch_ec2_deletes() -> None:
    model_map = parsing.get_model_map()
    for cfn_type, delete in {
        "AWS::EC2::InternetGateway": _delete_igw,
        "AWS::EC2::VPCGatewayAttachment": _delete_gateway_attachment,
        "AWS::EC2::RouteTable": _delete_route_table,
        "AWS::EC2::Route": _delete_route,
        "AWS::EC2::SubnetRouteTableAssociation": _delete_subnet_association,
        "AWS::EC2::NatGateway": _delete_nat_gateway,
        "AWS::EC2::EIP": _delete_eip,
        "AWS::EC2::VPCEndpoint": _delete_vpc_endpoint,
        "AWS::EC2::FlowLog": _delete_flow_log,
    }.items():
        cls = model_map[cfn_type]
        if hasattr(cls, "delete"):
            raise RuntimeError(f"moto's {cfn_type} gained a delete(): review this launcher")
        cls.delete = delete


# --- Models moto lacks: Scheduler schedules and CodeBuild projects ---------------------------


class SchedulerSchedule(CloudFormationModel):
    """`AWS::Scheduler::Schedule` on moto's scheduler backend (the bed's TTL)."""

    # moto's model registry files a model under the service named by its module.
    __module__ = "moto.scheduler.cfn_models"

    def __init__(self, schedule: Any, account_id: str, region: str):
        self.schedule = schedule
        self.account_id = account_id
        self.region = region

    @staticmethod
    def cloudformation_name_type() -> str:
        return "Name"

    @staticmethod
    def cloudformation_type() -> str:
        return "AWS::Scheduler::Schedule"

    @property
    def physical_resource_id(self) -> str:
        return self.schedule.name

    @classmethod
    def has_cfn_attr(cls, attr: str) -> bool:
        return attr == "Arn"

    def get_cfn_attribute(self, attribute_name: str) -> str:
        if attribute_name == "Arn":
            return self.schedule.arn
        raise parsing.UnformattedGetAttTemplateException()

    @classmethod
    def create_from_cloudformation_json(  # type: ignore[misc]
        cls, resource_name: str, cloudformation_json: dict, account_id: str, region_name: str, **kwargs: Any
    ) -> "SchedulerSchedule":
        p = cloudformation_json["Properties"]
        name = p.get("Name") or resource_name[:64]
        schedule = scheduler_backends[account_id][region_name].create_schedule(
            description=p.get("Description"),
            end_date=p.get("EndDate"),
            flexible_time_window=p.get("FlexibleTimeWindow", {"Mode": "OFF"}),
            group_name=p.get("GroupName"),
            kms_key_arn=p.get("KmsKeyArn"),
            name=name,
            schedule_expression=p["ScheduleExpression"],
            schedule_expression_timezone=p.get("ScheduleExpressionTimezone"),
            start_date=p.get("StartDate"),
            state=p.get("State", "ENABLED"),
            target=p["Target"],
            action_after_completion=p.get("ActionAfterCompletion"),
        )
        return cls(schedule, account_id, region_name)

    @classmethod
    def update_from_cloudformation_json(  # type: ignore[misc]
        cls, original_resource: Any, new_resource_name: str, cloudformation_json: dict, account_id: str, region_name: str
    ) -> "SchedulerSchedule":
        original_resource.delete(account_id, region_name)
        return cls.create_from_cloudformation_json(
            new_resource_name, cloudformation_json, account_id, region_name
        )

    def delete(self, account_id: str, region: str) -> None:
        scheduler_backends[account_id][region].delete_schedule(
            self.schedule.group_name, self.schedule.name
        )

    def is_created(self) -> bool:
        return True


class CodeBuildProject(CloudFormationModel):
    """`AWS::CodeBuild::Project` on moto's CodeBuild backend (the campaign stack)."""

    __module__ = "moto.codebuild.cfn_models"

    def __init__(self, name: str, account_id: str, region: str):
        self.name = name
        self.account_id = account_id
        self.region = region

    @staticmethod
    def cloudformation_name_type() -> str:
        return "Name"

    @staticmethod
    def cloudformation_type() -> str:
        return "AWS::CodeBuild::Project"

    @property
    def physical_resource_id(self) -> str:
        return self.name

    @classmethod
    def has_cfn_attr(cls, attr: str) -> bool:
        return attr == "Arn"

    def get_cfn_attribute(self, attribute_name: str) -> str:
        if attribute_name == "Arn":
            return codebuild_backends[self.account_id][self.region].codebuild_projects[self.name].arn
        raise parsing.UnformattedGetAttTemplateException()

    @classmethod
    def create_from_cloudformation_json(  # type: ignore[misc]
        cls, resource_name: str, cloudformation_json: dict, account_id: str, region_name: str, **kwargs: Any
    ) -> "CodeBuildProject":
        p = cloudformation_json["Properties"]
        name = p.get("Name") or resource_name[:150]
        codebuild_backends[account_id][region_name].create_project(
            project_name=name,
            description=p.get("Description"),
            project_source=p.get("Source", {}),
            artifacts=p.get("Artifacts", {"Type": "NO_ARTIFACTS"}),
            environment=p.get("Environment", {}),
            service_role=p.get("ServiceRole", ""),
            tags=p.get("Tags"),
            cache=p.get("Cache"),
            timeout=p.get("TimeoutInMinutes"),
            queued_timeout=p.get("QueuedTimeoutInMinutes"),
            source_version=p.get("SourceVersion"),
            logs_config=p.get("LogsConfig"),
            vpc_config=p.get("VpcConfig"),
        )
        return cls(name, account_id, region_name)

    @classmethod
    def update_from_cloudformation_json(  # type: ignore[misc]
        cls, original_resource: Any, new_resource_name: str, cloudformation_json: dict, account_id: str, region_name: str
    ) -> "CodeBuildProject":
        original_resource.delete(account_id, region_name)
        return cls.create_from_cloudformation_json(
            original_resource.name, cloudformation_json, account_id, region_name
        )

    def delete(self, account_id: str, region: str) -> None:
        codebuild_backends[account_id][region].delete_project(self.name)

    def is_created(self) -> bool:
        return True


class PlacementGroup(CloudFormationModel):
    """`AWS::EC2::PlacementGroup`: moto 5.2.6 has no placement groups at all. The group only
    needs a name for `GetAtt …GroupName` (the instances' placement); nothing else reads it."""

    __module__ = "moto.ec2.cfn_placement_groups"

    def __init__(self, name: str, strategy: str):
        self.name = name
        self.strategy = strategy

    @staticmethod
    def cloudformation_name_type() -> str:
        return ""

    @staticmethod
    def cloudformation_type() -> str:
        return "AWS::EC2::PlacementGroup"

    @property
    def physical_resource_id(self) -> str:
        return self.name

    @classmethod
    def has_cfn_attr(cls, attr: str) -> bool:
        return attr == "GroupName"

    def get_cfn_attribute(self, attribute_name: str) -> str:
        if attribute_name == "GroupName":
            return self.name
        raise parsing.UnformattedGetAttTemplateException()

    @classmethod
    def create_from_cloudformation_json(  # type: ignore[misc]
        cls, resource_name: str, cloudformation_json: dict, account_id: str, region_name: str, **kwargs: Any
    ) -> "PlacementGroup":
        p = cloudformation_json.get("Properties", {})
        return cls(f"{resource_name[:200]}-pg", p.get("Strategy", "cluster"))

    @classmethod
    def update_from_cloudformation_json(  # type: ignore[misc]
        cls, original_resource: Any, new_resource_name: str, cloudformation_json: dict, account_id: str, region_name: str
    ) -> "PlacementGroup":
        return cls.create_from_cloudformation_json(new_resource_name, cloudformation_json, account_id, region_name)

    def delete(self, account_id: str, region: str) -> None:
        pass

    def is_created(self) -> bool:
        return True


def _patch_ssm_command_targets() -> None:
    """SendCommand with InstanceIds and no Targets: moto turns the empty target list into an
    unfiltered instance listing and adds every instance of the region to the command."""
    from moto.ssm.models import Command

    original = Command._get_instance_ids_from_targets

    def from_targets(self: Any) -> list:
        return original(self) if self.targets else []

    Command._get_instance_ids_from_targets = from_targets


# --- Serving ---------------------------------------------------------------------------------


def patch() -> None:
    if moto.__version__ != PINNED:
        sys.exit(f"moto-launcher: moto {moto.__version__} is installed, the patches are for {PINNED}")
    # The model map is cached on first use: the new models must exist before anything parses.
    parsing.get_model_list.cache_clear()
    parsing.get_model_map.cache_clear()
    parsing.get_name_type_map.cache_clear()
    _patch_change_sets()
    _patch_ssm_parameters()
    _patch_replacement()
    _patch_ec2_deletes()
    _patch_ssm_command_targets()


def serve(host: str) -> None:
    from werkzeug.serving import make_server

    from moto.moto_server.werkzeug_app import (
        DomainDispatcherApplication,
        MotoRequestHandler,
        create_backend_app,
    )

    app = DomainDispatcherApplication(create_backend_app)
    server = make_server(host, 0, app, threaded=True, request_handler=MotoRequestHandler)
    port = server.server_address[1]
    # moto renders its own URLs (e.g. S3 redirects) with this port.
    os.environ["MOTO_PORT"] = str(port)

    def stop(signum: int, frame: Any) -> None:
        # shutdown() waits for serve_forever to return, so it must not run on the serving thread.
        import threading

        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    print(f"MOTO_LISTENING http://{host}:{port}", flush=True)
    server.serve_forever()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    args = parser.parse_args()
    if not args.host.startswith("127."):
        sys.exit("moto-launcher: serves on loopback only (127.0.0.0/8)")
    patch()
    serve(args.host)


if __name__ == "__main__":
    main()
