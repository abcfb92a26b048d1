"""Reading a request's messages from a jupyter_client KernelClient, shared by the kernel check scripts."""
import time

TIMEOUT = 120


def collect_until_idle(kc, msg_id, timeout=TIMEOUT):
    """iopub messages whose parent is msg_id, up to its idle status, as {type, content, buffers}."""
    msgs = []
    deadline = time.time() + timeout
    while time.time() < deadline:
        msg = kc.get_iopub_msg(timeout=timeout)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "status":
            if msg["content"]["execution_state"] == "idle":
                return msgs
            continue
        msgs.append({"type": msg["msg_type"], "content": msg["content"],
                     "buffers": [list(bytes(b)) for b in msg.get("buffers", [])]})
    raise TimeoutError(f"no idle for {msg_id}")


def get_reply(kc, msg_id, timeout=TIMEOUT):
    """The shell reply to msg_id, skipping replies to other requests (kernel_info sent while starting)."""
    while True:
        reply = kc.get_shell_msg(timeout=timeout)
        if reply["parent_header"].get("msg_id") == msg_id:
            return reply["content"]
