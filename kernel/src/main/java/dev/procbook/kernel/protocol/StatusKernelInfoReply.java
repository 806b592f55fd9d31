package dev.procbook.kernel.protocol;

import org.dflib.jjava.jupyter.kernel.HelpLink;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.messages.reply.KernelInfoReply;

import java.util.List;

/** A {@code kernel_info_reply} with the {@code status} field that protocol 5.x requires and 1.0-a6 omits. */
public final class StatusKernelInfoReply extends KernelInfoReply {

    @SuppressWarnings("unused") // read by Gson
    private final String status = "ok";

    public StatusKernelInfoReply(String protocolVersion, String implementation, String implementationVersion,
                                 LanguageInfo languageInfo, String banner, List<HelpLink> helpLinks) {
        super(protocolVersion, implementation, implementationVersion, languageInfo, banner, helpLinks);
    }
}
