// ---- kernel0: r1:cc
func.func @kernel0(%begin: i64, %end: i64, %bufs: !llvm.ptr, %geo: !llvm.ptr) {
  %c0 = arith.constant 0 : i64
  %c1 = arith.constant 1 : i64
  %cw16 = arith.constant 16 : i64
  %cw64 = arith.constant 64 : i64
  %v0 = llvm.getelementptr %geo[0] : (!llvm.ptr) -> !llvm.ptr, i64
  %len_all = llvm.load %v0 : !llvm.ptr -> i64
  %v1 = llvm.getelementptr %geo[1] : (!llvm.ptr) -> !llvm.ptr, i64
  %tile = llvm.load %v1 : !llvm.ptr -> i64
  %v2 = llvm.getelementptr %geo[2] : (!llvm.ptr) -> !llvm.ptr, i64
  %tiles = llvm.load %v2 : !llvm.ptr -> i64
  %v3 = llvm.getelementptr %geo[3] : (!llvm.ptr) -> !llvm.ptr, i64
  %size0 = llvm.load %v3 : !llvm.ptr -> i64
  %bp0 = llvm.getelementptr %bufs[0] : (!llvm.ptr) -> !llvm.ptr, !llvm.ptr
  %ptr0 = llvm.load %bp0 : !llvm.ptr -> !llvm.ptr
  %v4 = llvm.getelementptr %geo[4] : (!llvm.ptr) -> !llvm.ptr, i64
  %istride0 = llvm.load %v4 : !llvm.ptr -> i64
  %v5 = llvm.getelementptr %geo[5] : (!llvm.ptr) -> !llvm.ptr, i64
  %ostride0_0 = llvm.load %v5 : !llvm.ptr -> i64
  %bp1 = llvm.getelementptr %bufs[1] : (!llvm.ptr) -> !llvm.ptr, !llvm.ptr
  %ptr1 = llvm.load %bp1 : !llvm.ptr -> !llvm.ptr
  %v6 = llvm.getelementptr %geo[6] : (!llvm.ptr) -> !llvm.ptr, i64
  %istride1 = llvm.load %v6 : !llvm.ptr -> i64
  %v7 = llvm.getelementptr %geo[7] : (!llvm.ptr) -> !llvm.ptr, i64
  %ostride1_0 = llvm.load %v7 : !llvm.ptr -> i64
  %stiles1 = arith.maxsi %tiles, %c1 : i64
  %st = arith.remsi %begin, %stiles1 : i64
  %sr1 = arith.divsi %begin, %stiles1 : i64
  %ssize1_0 = arith.maxsi %size0, %c1 : i64
  %si0 = arith.remsi %sr1, %ssize1_0 : i64
  %sr0 = arith.divsi %sr1, %ssize1_0 : i64
  %ststart = arith.muli %st, %tile : i64
  %rows_end:2 = scf.for %row = %begin to %end step %c1 iter_args(%t = %st, %i0 = %si0) -> (i64, i64) : i64 {
    %nt1 = arith.addi %t, %c1 : i64
    %ncarry = arith.cmpi eq, %nt1, %tiles : i64
    %nt = arith.select %ncarry, %c0, %nt1 : i64
    %ni0_up = arith.addi %i0, %c1 : i64
    %ni0_c = arith.select %ncarry, %ni0_up, %i0 : i64
    %ni0_wrap = arith.cmpi eq, %ni0_c, %size0 : i64
    %ni0 = arith.select %ni0_wrap, %c0, %ni0_c : i64
    %ntstart = arith.muli %nt, %tile : i64
    %tstart = arith.muli %t, %tile : i64
    %left = arith.subi %len_all, %tstart : i64
    %len = arith.minsi %left, %tile : i64
    %lrem64 = arith.remsi %len, %cw64 : i64
    %vend64 = arith.subi %len, %lrem64 : i64
    %lrem16 = arith.remsi %len, %cw16 : i64
    %vend16 = arith.subi %len, %lrem16 : i64
    %tb0 = arith.muli %tstart, %istride0 : i64
    %ob0_0 = arith.muli %i0, %ostride0_0 : i64
    %base0_0 = arith.addi %tb0, %ob0_0 : i64
    %base0 = arith.addi %base0_0, %c0 : i64
    %tb1 = arith.muli %tstart, %istride1 : i64
    %ob1_0 = arith.muli %i0, %ostride1_0 : i64
    %base1_0 = arith.addi %tb1, %ob1_0 : i64
    %base1 = arith.addi %base1_0, %c0 : i64
    %ntb0 = arith.muli %ntstart, %istride0 : i64
    %nob0_0 = arith.muli %ni0, %ostride0_0 : i64
    %nbase0_0 = arith.addi %ntb0, %nob0_0 : i64
    %nbase0 = arith.addi %nbase0_0, %c0 : i64
    %ntb1 = arith.muli %ntstart, %istride1 : i64
    %nob1_0 = arith.muli %ni0, %ostride1_0 : i64
    %nbase1_0 = arith.addi %ntb1, %nob1_0 : i64
    %nbase1 = arith.addi %nbase1_0, %c0 : i64
    %v8 = arith.constant 0xFF800000 : f32
    %v9 = arith.cmpi sgt, %vend64, %c0 : i64
    %v10:1 = scf.if %v9 -> (f32) {
      %v11 = vector.broadcast %v8 : f32 to vector<64xf32>
      %v14 = arith.constant dense<false> : vector<64xi1>
      %v13:2 = scf.for %v12 = %c0 to %vend64 step %cw64 iter_args(%v12_acc0 = %v11, %v12_nan0 = %v14) -> (vector<64xf32>, vector<64xi1>) : i64 {
        %v16 = arith.addi %base0, %v12 : i64
        %v17 = llvm.getelementptr %ptr0[%v16] : (!llvm.ptr, i64) -> !llvm.ptr, f32
        %v18 = llvm.load %v17 {alignment = 4 : i64} : !llvm.ptr -> vector<64xf32>
        %v20 = arith.cmpf ogt, %v18, %v12_acc0 : vector<64xf32>
        %v21 = arith.cmpf uno, %v18, %v18 : vector<64xf32>
        %v19 = arith.select %v20, %v18, %v12_acc0 : vector<64xi1>, vector<64xf32>
        %v22 = arith.ori %v12_nan0, %v21 : vector<64xi1>
        scf.yield %v19, %v22 : vector<64xf32>, vector<64xi1>
      }
      %v24 = vector.reduction <maxnumf>, %v13#0 fastmath<nnan> : vector<64xf32> into f32
      %v25 = vector.reduction <or>, %v13#1 : vector<64xi1> into i1
      %v26 = arith.constant 0x7FC00000 : f32
      %v23 = arith.select %v25, %v26, %v24 : f32
      %v27 = arith.maximumf %v8, %v23 : f32
      scf.yield %v27 : f32
    } else {
      scf.yield %v8 : f32
    }
    %v28 = arith.cmpi sgt, %vend16, %vend64 : i64
    %v29:1 = scf.if %v28 -> (f32) {
      %v30 = vector.broadcast %v8 : f32 to vector<16xf32>
      %v33 = arith.constant dense<false> : vector<16xi1>
      %v32:2 = scf.for %v31 = %vend64 to %vend16 step %cw16 iter_args(%v31_acc0 = %v30, %v31_nan0 = %v33) -> (vector<16xf32>, vector<16xi1>) : i64 {
        %v35 = arith.addi %base0, %v31 : i64
        %v36 = llvm.getelementptr %ptr0[%v35] : (!llvm.ptr, i64) -> !llvm.ptr, f32
        %v37 = llvm.load %v36 {alignment = 4 : i64} : !llvm.ptr -> vector<16xf32>
        %v39 = arith.cmpf ogt, %v37, %v31_acc0 : vector<16xf32>
        %v40 = arith.cmpf uno, %v37, %v37 : vector<16xf32>
        %v38 = arith.select %v39, %v37, %v31_acc0 : vector<16xi1>, vector<16xf32>
        %v41 = arith.ori %v31_nan0, %v40 : vector<16xi1>
        scf.yield %v38, %v41 : vector<16xf32>, vector<16xi1>
      }
      %v43 = vector.reduction <maxnumf>, %v32#0 fastmath<nnan> : vector<16xf32> into f32
      %v44 = vector.reduction <or>, %v32#1 : vector<16xi1> into i1
      %v45 = arith.constant 0x7FC00000 : f32
      %v42 = arith.select %v44, %v45, %v43 : f32
      %v46 = arith.maximumf %v10#0, %v42 : f32
      scf.yield %v46 : f32
    } else {
      scf.yield %v10#0 : f32
    }
    %v47 = arith.cmpi sgt, %len, %vend16 : i64
    %v48:1 = scf.if %v47 -> (f32) {
      %v49 = vector.broadcast %v8 : f32 to vector<16xf32>
      %v51 = arith.subi %len, %vend16 : i64
      %v52 = arith.index_cast %v51 : i64 to index
      %v53 = vector.create_mask %v52 : vector<16xi1>
      %v54 = arith.constant dense<false> : vector<16xi1>
      %v56 = arith.addi %base0, %vend16 : i64
      %v57 = llvm.getelementptr %ptr0[%v56] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v59 = llvm.mlir.zero : vector<16xf32>
      %v58 = llvm.intr.masked.load %v57, %v53, %v59 {alignment = 4 : i32} : (!llvm.ptr, vector<16xi1>, vector<16xf32>) -> vector<16xf32>
      %v60 = arith.select %v53, %v58, %v49 : vector<16xi1>, vector<16xf32>
      %v62 = arith.cmpf ogt, %v60, %v49 : vector<16xf32>
      %v63 = arith.cmpf uno, %v60, %v60 : vector<16xf32>
      %v61 = arith.select %v62, %v60, %v49 : vector<16xi1>, vector<16xf32>
      %v64 = arith.ori %v54, %v63 : vector<16xi1>
      %v66 = vector.reduction <maxnumf>, %v61 fastmath<nnan> : vector<16xf32> into f32
      %v67 = vector.reduction <or>, %v64 : vector<16xi1> into i1
      %v68 = arith.constant 0x7FC00000 : f32
      %v65 = arith.select %v67, %v68, %v66 : f32
      %v69 = arith.maximumf %v29#0, %v65 : f32
      scf.yield %v69 : f32
    } else {
      scf.yield %v29#0 : f32
    }
    %v70 = arith.constant 0x00000000 : f32
    %v71 = arith.cmpi sgt, %vend64, %c0 : i64
    %v72:1 = scf.if %v71 -> (f32) {
      %v73 = vector.broadcast %v70 : f32 to vector<64xf32>
      %v75:1 = scf.for %v74 = %c0 to %vend64 step %cw64 iter_args(%v74_acc0 = %v73) -> (vector<64xf32>) : i64 {
        %v76 = arith.addi %nbase0, %v74 : i64
        %v77 = llvm.getelementptr %ptr0[%v76] : (!llvm.ptr, i64) -> !llvm.ptr, f32
        "llvm.intr.prefetch"(%v77) <{cache = 1 : i32, hint = 3 : i32, rw = 0 : i32}> : (!llvm.ptr) -> ()
        %v81 = arith.constant 16 : i64
        %v80 = arith.addi %v74, %v81 : i64
        %v78 = arith.addi %nbase0, %v80 : i64
        %v79 = llvm.getelementptr %ptr0[%v78] : (!llvm.ptr, i64) -> !llvm.ptr, f32
        "llvm.intr.prefetch"(%v79) <{cache = 1 : i32, hint = 3 : i32, rw = 0 : i32}> : (!llvm.ptr) -> ()
        %v85 = arith.constant 32 : i64
        %v84 = arith.addi %v74, %v85 : i64
        %v82 = arith.addi %nbase0, %v84 : i64
        %v83 = llvm.getelementptr %ptr0[%v82] : (!llvm.ptr, i64) -> !llvm.ptr, f32
        "llvm.intr.prefetch"(%v83) <{cache = 1 : i32, hint = 3 : i32, rw = 0 : i32}> : (!llvm.ptr) -> ()
        %v89 = arith.constant 48 : i64
        %v88 = arith.addi %v74, %v89 : i64
        %v86 = arith.addi %nbase0, %v88 : i64
        %v87 = llvm.getelementptr %ptr0[%v86] : (!llvm.ptr, i64) -> !llvm.ptr, f32
        "llvm.intr.prefetch"(%v87) <{cache = 1 : i32, hint = 3 : i32, rw = 0 : i32}> : (!llvm.ptr) -> ()
        %v90 = arith.addi %nbase1, %v74 : i64
        %v91 = llvm.getelementptr %ptr1[%v90] : (!llvm.ptr, i64) -> !llvm.ptr, f32
        "llvm.intr.prefetch"(%v91) <{cache = 1 : i32, hint = 3 : i32, rw = 1 : i32}> : (!llvm.ptr) -> ()
        %v95 = arith.constant 16 : i64
        %v94 = arith.addi %v74, %v95 : i64
        %v92 = arith.addi %nbase1, %v94 : i64
        %v93 = llvm.getelementptr %ptr1[%v92] : (!llvm.ptr, i64) -> !llvm.ptr, f32
        "llvm.intr.prefetch"(%v93) <{cache = 1 : i32, hint = 3 : i32, rw = 1 : i32}> : (!llvm.ptr) -> ()
        %v99 = arith.constant 32 : i64
        %v98 = arith.addi %v74, %v99 : i64
        %v96 = arith.addi %nbase1, %v98 : i64
        %v97 = llvm.getelementptr %ptr1[%v96] : (!llvm.ptr, i64) -> !llvm.ptr, f32
        "llvm.intr.prefetch"(%v97) <{cache = 1 : i32, hint = 3 : i32, rw = 1 : i32}> : (!llvm.ptr) -> ()
        %v103 = arith.constant 48 : i64
        %v102 = arith.addi %v74, %v103 : i64
        %v100 = arith.addi %nbase1, %v102 : i64
        %v101 = llvm.getelementptr %ptr1[%v100] : (!llvm.ptr, i64) -> !llvm.ptr, f32
        "llvm.intr.prefetch"(%v101) <{cache = 1 : i32, hint = 3 : i32, rw = 1 : i32}> : (!llvm.ptr) -> ()
        %v105 = arith.addi %base0, %v74 : i64
        %v106 = llvm.getelementptr %ptr0[%v105] : (!llvm.ptr, i64) -> !llvm.ptr, f32
        %v107 = llvm.load %v106 {alignment = 4 : i64} : !llvm.ptr -> vector<64xf32>
        %v108 = vector.broadcast %v48#0 : f32 to vector<64xf32>
        %v109 = arith.subf %v107, %v108 fastmath<contract> : vector<64xf32>
        %v110 = math.exp %v109 : vector<64xf32>
        %v111 = arith.addf %v74_acc0, %v110 fastmath<contract> : vector<64xf32>
        %v112 = arith.addi %base1, %v74 : i64
        %v113 = llvm.getelementptr %ptr1[%v112] : (!llvm.ptr, i64) -> !llvm.ptr, f32
        llvm.store %v110, %v113 {alignment = 4 : i64} : vector<64xf32>, !llvm.ptr
        scf.yield %v111 : vector<64xf32>
      }
      %v114 = vector.reduction <add>, %v75#0 fastmath<reassoc> : vector<64xf32> into f32
      %v115 = arith.addf %v70, %v114 : f32
      scf.yield %v115 : f32
    } else {
      scf.yield %v70 : f32
    }
    %v116 = arith.cmpi sgt, %vend16, %vend64 : i64
    %v117:1 = scf.if %v116 -> (f32) {
      %v118 = vector.broadcast %v70 : f32 to vector<16xf32>
      %v120:1 = scf.for %v119 = %vend64 to %vend16 step %cw16 iter_args(%v119_acc0 = %v118) -> (vector<16xf32>) : i64 {
        %v121 = arith.addi %nbase0, %v119 : i64
        %v122 = llvm.getelementptr %ptr0[%v121] : (!llvm.ptr, i64) -> !llvm.ptr, f32
        "llvm.intr.prefetch"(%v122) <{cache = 1 : i32, hint = 3 : i32, rw = 0 : i32}> : (!llvm.ptr) -> ()
        %v123 = arith.addi %nbase1, %v119 : i64
        %v124 = llvm.getelementptr %ptr1[%v123] : (!llvm.ptr, i64) -> !llvm.ptr, f32
        "llvm.intr.prefetch"(%v124) <{cache = 1 : i32, hint = 3 : i32, rw = 1 : i32}> : (!llvm.ptr) -> ()
        %v126 = arith.addi %base0, %v119 : i64
        %v127 = llvm.getelementptr %ptr0[%v126] : (!llvm.ptr, i64) -> !llvm.ptr, f32
        %v128 = llvm.load %v127 {alignment = 4 : i64} : !llvm.ptr -> vector<16xf32>
        %v129 = vector.broadcast %v48#0 : f32 to vector<16xf32>
        %v130 = arith.subf %v128, %v129 fastmath<contract> : vector<16xf32>
        %v131 = math.exp %v130 : vector<16xf32>
        %v132 = arith.addf %v119_acc0, %v131 fastmath<contract> : vector<16xf32>
        %v133 = arith.addi %base1, %v119 : i64
        %v134 = llvm.getelementptr %ptr1[%v133] : (!llvm.ptr, i64) -> !llvm.ptr, f32
        llvm.store %v131, %v134 {alignment = 4 : i64} : vector<16xf32>, !llvm.ptr
        scf.yield %v132 : vector<16xf32>
      }
      %v135 = vector.reduction <add>, %v120#0 fastmath<reassoc> : vector<16xf32> into f32
      %v136 = arith.addf %v72#0, %v135 : f32
      scf.yield %v136 : f32
    } else {
      scf.yield %v72#0 : f32
    }
    %v137 = arith.cmpi sgt, %len, %vend16 : i64
    %v138:1 = scf.if %v137 -> (f32) {
      %v139 = vector.broadcast %v70 : f32 to vector<16xf32>
      %v141 = arith.subi %len, %vend16 : i64
      %v142 = arith.index_cast %v141 : i64 to index
      %v143 = vector.create_mask %v142 : vector<16xi1>
      %v145 = arith.addi %base0, %vend16 : i64
      %v146 = llvm.getelementptr %ptr0[%v145] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v148 = llvm.mlir.zero : vector<16xf32>
      %v147 = llvm.intr.masked.load %v146, %v143, %v148 {alignment = 4 : i32} : (!llvm.ptr, vector<16xi1>, vector<16xf32>) -> vector<16xf32>
      %v149 = vector.broadcast %v48#0 : f32 to vector<16xf32>
      %v150 = arith.subf %v147, %v149 fastmath<contract> : vector<16xf32>
      %v151 = math.exp %v150 : vector<16xf32>
      %v152 = arith.select %v143, %v151, %v139 : vector<16xi1>, vector<16xf32>
      %v153 = arith.addf %v139, %v152 fastmath<contract> : vector<16xf32>
      %v154 = arith.addi %base1, %vend16 : i64
      %v155 = llvm.getelementptr %ptr1[%v154] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      llvm.intr.masked.store %v151, %v155, %v143 {alignment = 4 : i32} : vector<16xf32>, vector<16xi1> into !llvm.ptr
      %v156 = vector.reduction <add>, %v153 fastmath<reassoc> : vector<16xf32> into f32
      %v157 = arith.addf %v117#0, %v156 : f32
      scf.yield %v157 : f32
    } else {
      scf.yield %v117#0 : f32
    }
    scf.for %v160 = %c0 to %vend16 step %cw16 : i64 {
      %v162 = arith.addi %base1, %v160 : i64
      %v163 = llvm.getelementptr %ptr1[%v162] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v164 = llvm.load %v163 {alignment = 4 : i64} : !llvm.ptr -> vector<16xf32>
      %v165 = vector.broadcast %v138#0 : f32 to vector<16xf32>
      %v167 = arith.constant 0x3F800000 : f32
      %v168 = arith.divf %v167, %v138#0 : f32
      %v169 = vector.broadcast %v168 : f32 to vector<16xf32>
      %v166 = arith.mulf %v164, %v169 : vector<16xf32>
      %v170 = arith.addi %base1, %v160 : i64
      %v171 = llvm.getelementptr %ptr1[%v170] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      llvm.store %v166, %v171 {alignment = 4 : i64} : vector<16xf32>, !llvm.ptr
    }
    %v172 = arith.cmpi sgt, %len, %vend16 : i64
    scf.if %v172 {
      %v175 = arith.subi %len, %vend16 : i64
      %v176 = arith.index_cast %v175 : i64 to index
      %v177 = vector.create_mask %v176 : vector<16xi1>
      %v178 = arith.addi %base1, %vend16 : i64
      %v179 = llvm.getelementptr %ptr1[%v178] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v181 = llvm.mlir.zero : vector<16xf32>
      %v180 = llvm.intr.masked.load %v179, %v177, %v181 {alignment = 4 : i32} : (!llvm.ptr, vector<16xi1>, vector<16xf32>) -> vector<16xf32>
      %v182 = vector.broadcast %v138#0 : f32 to vector<16xf32>
      %v184 = arith.constant 0x3F800000 : f32
      %v185 = arith.divf %v184, %v138#0 : f32
      %v186 = vector.broadcast %v185 : f32 to vector<16xf32>
      %v183 = arith.mulf %v180, %v186 : vector<16xf32>
      %v187 = arith.addi %base1, %vend16 : i64
      %v188 = llvm.getelementptr %ptr1[%v187] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      llvm.intr.masked.store %v183, %v188, %v177 {alignment = 4 : i32} : vector<16xf32>, vector<16xi1> into !llvm.ptr
    }
    scf.yield %nt, %ni0 : i64, i64
  }
  return
}
